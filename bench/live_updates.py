"""Live updates: what publishing costs a writer, and how fast events reach many open pages.

On the real Redis channel layer (a scratch Redis database): N events published at R a second from a
plain thread of another process (as the conductor's tasks and the APIs' views publish) while C
consumers (one per open dashboard page) receive them in one event loop, as one dashboard worker's
consumers do. Prints the writer's cost per
publish (queued for the sender thread) against a send on a fresh event loop per event (what
`async_to_sync` in a plain thread does), and the delivery latency and rate to all consumers.
Asserts nothing.

    .venv/bin/python bench/live_updates.py [--events 2000 --rate 200 --consumers 50 --redis-db 11]
"""
import argparse
import asyncio
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(redis_db: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update({"DJANGO_SETTINGS_MODULE": "xcompute_site.settings", "XCOMPUTE_LOG_LEVEL": "WARNING",
                       "XCOMPUTE_CHANNEL_LAYER_URL": f"redis://127.0.0.1:6379/{redis_db}",
                       "XCOMPUTE_VAR_DIR": str(ROOT / "var" / "bench" / "var")})
    import django

    django.setup()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def writer(redis_db: int, events: int, rate: float, results) -> None:
    """Another process publishing as a conductor does: the caller's cost of each publish()."""
    setup(redis_db)
    from dashboard.live.publisher import publish

    costs = []
    for n in range(events):
        start = time.perf_counter()
        publish("bench.live", {"type": "live.changed", "n": n, "sent": time.time()})
        costs.append(time.perf_counter() - start)
        time.sleep(max(0.0, 1 / rate - (time.perf_counter() - start)))
    time.sleep(1)  # the sender thread drains its queue
    results.put(costs)


async def fan_out(redis_db: int, events: int, rate: float, consumers: int) -> None:
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    channels = [await layer.new_channel() for _ in range(consumers)]
    for channel in channels:
        await layer.group_add("bench.live", channel)
    latencies = []

    async def consume(channel):
        for _ in range(events):
            message = await layer.receive(channel)
            latencies.append(time.time() - message["sent"])

    results = multiprocessing.Queue()
    process = multiprocessing.Process(target=writer, args=(redis_db, events, rate, results))
    started = time.perf_counter()
    process.start()
    await asyncio.gather(*(consume(channel) for channel in channels))
    elapsed = time.perf_counter() - started
    costs = results.get()
    process.join()
    for channel in channels:
        await layer.group_discard("bench.live", channel)
    print(f"writer: publish() costs {statistics.mean(costs) * 1e6:.0f} µs mean, "
          f"{percentile(costs, 0.99) * 1e6:.0f} µs p99 ({events} events at {rate:.0f}/s)")
    print(f"delivery to {consumers} pages: p50 {percentile(latencies, 0.5) * 1e3:.1f} ms  "
          f"p95 {percentile(latencies, 0.95) * 1e3:.1f} ms  max {max(latencies) * 1e3:.1f} ms; "
          f"{len(latencies) / elapsed:,.0f} deliveries/s")


def fresh_loop_cost(count: int) -> float:
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    send = async_to_sync(get_channel_layer().group_send)
    start = time.perf_counter()
    for n in range(count):
        send("bench.nobody", {"type": "live.changed", "n": n})
    return (time.perf_counter() - start) / count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=200, help="events a second")
    parser.add_argument("--consumers", type=int, default=50)
    parser.add_argument("--redis-db", type=int, default=11)
    args = parser.parse_args()
    setup(args.redis_db)
    asyncio.run(fan_out(args.redis_db, args.events, args.rate, args.consumers))
    print(f"for comparison, a send on a fresh event loop per event: {fresh_loop_cost(200) * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
