"""Placement at scale: load N providers through the HTTP API, then time candidate queries and claims.

Starts its own placement-api (gunicorn, as `make up` runs it) on a scratch PostgreSQL database,
loads providers in the perfload shape, prints figures and asserts nothing.

    .venv/bin/python bench/placement_candidates.py --providers 10000
"""
import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
import requests.adapters
from urllib3.util.retry import Retry

ROOT = Path(__file__).resolve().parent.parent
AGGREGATES = [str(uuid.UUID(int=i + 1)) for i in range(3)]
TRAITS = ["HW_CPU_X86_AVX2", "HW_CPU_X86_SSE2", "STORAGE_DISK_SSD"]
INVENTORY = {"VCPU": 32, "MEMORY_MB": 8192, "DISK_GB": 8192}
HEADERS = {"X-Auth-Token": "admin", "OpenStack-API-Version": "placement 1.39", "Content-Type": "application/json"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database: str, workers: int, threads: int = 4, reuse: bool = False):
    if not reuse:
        subprocess.run(["dropdb", "-h", "/var/run/postgresql", "--if-exists", database], check=True)
        subprocess.run(["createdb", "-h", "/var/run/postgresql", database], check=True)
    env = {**os.environ, "XCOMPUTE_PROFILE": "demo", "XCOMPUTE_DEVELOPMENT_TOKENS": "true",
           "XCOMPUTE_API_SERVICE": "placement",
           "DATABASE_URL": f"postgres:///{database}?host=/var/run/postgresql", "XCOMPUTE_LOG_LEVEL": "WARNING",
           "XCOMPUTE_API_WORKERS": str(workers),
           "XCOMPUTE_API_THREADS": str(threads)}
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen([str(Path(python).parent / "gunicorn"), "-c", "xcompute_site/gunicorn_conf.py",
                               "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null",
                               "xcompute_site.wsgi"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(url, timeout=5)
            return server, url
        except requests.RequestException:  # not listening yet, or slow to answer its first request
            time.sleep(0.2)
    raise RuntimeError("placement-api did not start")


def create_provider(session, url, name):
    """POST, and after a dropped connection find out whether the create happened before retrying."""
    try:
        return session.post(f"{url}/resource_providers", json={"name": name}, headers=HEADERS).json()
    except requests.ConnectionError:
        found = session.get(f"{url}/resource_providers?name={name}", headers=HEADERS).json()["resource_providers"]
        return found[0] if found else session.post(f"{url}/resource_providers", json={"name": name},
                                                   headers=HEADERS).json()


def load_provider(session, url, index, rng):
    """One provider in the perfload shape: 4 requests (create, inventory, traits, aggregates)."""
    body = create_provider(session, url, f"perf-{index}")
    rp, generation = body["uuid"], body["generation"]
    inventories = {rc: {"total": total, "max_unit": total} for rc, total in INVENTORY.items()}
    generation = session.put(f"{url}/resource_providers/{rp}/inventories", headers=HEADERS,
                             json={"inventories": inventories, "resource_provider_generation": generation}
                             ).json()["resource_provider_generation"]
    traits = rng.sample(TRAITS, rng.randint(1, 3))
    generation = session.put(f"{url}/resource_providers/{rp}/traits", headers=HEADERS,
                             json={"traits": traits, "resource_provider_generation": generation}
                             ).json()["resource_provider_generation"]
    session.put(f"{url}/resource_providers/{rp}/aggregates", headers=HEADERS,
                json={"aggregates": rng.sample(AGGREGATES, rng.randint(1, 3)),
                      "resource_provider_generation": generation})
    return rp


def claim(session, url, rp, vcpus):
    body = {"allocations": {rp: {"resources": {"VCPU": vcpus}}}, "project_id": "bench", "user_id": "bench",
            "consumer_generation": None, "consumer_type": "INSTANCE"}
    return session.put(f"{url}/allocations/{uuid.uuid4()}", json=body, headers=HEADERS).status_code


def session_with_retries():
    """PUTs with a generation and GETs are safe to resend after a dropped connection."""
    session = requests.Session()
    retry = Retry(total=3, connect=3, read=2, allowed_methods={"GET", "PUT"}, backoff_factor=0.05)
    session.mount("http://", requests.adapters.HTTPAdapter(max_retries=retry))
    return session


def run_threads(count, work, threads):
    sessions = [session_with_retries() for _ in range(threads)]
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda i: work(sessions[i % threads], i), range(count)))


def figures(label, timings):
    timings = sorted(timings)
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(f"{label:<58} min {timings[0] * 1e3:8.1f} ms  median {statistics.median(timings) * 1e3:8.1f} ms  "
          f"p95 {p95 * 1e3:8.1f} ms")


def time_query(session, url, label, query, repeat):
    timings, count = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = session.get(f"{url}/allocation_candidates?{query}", headers=HEADERS)
        timings.append(time.perf_counter() - started)
        count = len(response.json()["allocation_requests"])
    figures(f"{label} ({count} candidates)", timings)


def load(url, args) -> list[str]:
    rng = random.Random(42)
    started = time.perf_counter()
    providers = run_threads(args.providers, lambda s, i: load_provider(s, url, i, rng), threads=8)
    elapsed = time.perf_counter() - started
    print(f"provider load: {args.providers} providers, {args.providers * 4} requests in {elapsed:.1f} s "
          f"= {args.providers * 4 / elapsed:,.0f} requests/s (8 threads)")
    return providers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=10000)
    parser.add_argument("--database", default="xcompute_bench_placement")
    # The server runs as `make up` runs it: XCOMPUTE_API_WORKERS and XCOMPUTE_API_THREADS defaults.
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--reuse", action="store_true",
                        help="query the providers a previous run loaded into --database instead of loading them")
    args = parser.parse_args()
    server, url = start_server(args.database, args.workers, args.threads, args.reuse)
    try:
        session = session_with_retries()
        if args.reuse:
            listed = session.get(f"{url}/resource_providers", headers=HEADERS).json()["resource_providers"]
            providers = [rp["uuid"] for rp in sorted(listed, key=lambda rp: int(rp["name"].split("-")[1]))]
            args.providers = len(providers)
        else:
            providers = load(url, args)
            # Some providers partly used, some full.
            for rp in providers[: args.providers // 10]:
                claim(session, url, rp, 32)
            for rp in providers[args.providers // 10: args.providers // 4]:
                claim(session, url, rp, 16)
        # Fresh planner statistics, as autovacuum's analyze gives a loaded database within a minute.
        subprocess.run(["psql", "-q", "-h", "/var/run/postgresql", "-d", args.database, "-c", "ANALYZE"], check=True)
        common = "resources=VCPU:1,DISK_GB:10,MEMORY_MB:256"
        time_query(session, url, "limit=10", f"{common}&limit=10", args.repeat)
        time_query(session, url, "perfload: member_of + required, no limit",
                   f"{common}&member_of={AGGREGATES[0]}&required=HW_CPU_X86_AVX2", args.repeat)
        time_query(session, url, "required=in:AVX2,SSE2 + !SSD, limit=50",
                   f"{common}&required=in:HW_CPU_X86_AVX2,HW_CPU_X86_SSE2&required=!STORAGE_DISK_SSD&limit=50",
                   args.repeat)
        time_query(session, url, "no filters, no limit", common, max(3, args.repeat // 5))
        targets = providers[args.providers // 4:]
        started = time.perf_counter()
        statuses = [claim(session, url, targets[i], 1) for i in range(500)]
        print(f"claims sequential: {500 / (time.perf_counter() - started):,.0f}/s ({statuses.count(200) + statuses.count(204)} ok)")
        started = time.perf_counter()
        statuses = run_threads(2000, lambda s, i: claim(s, url, targets[i % len(targets)], 1), threads=8)
        print(f"claims 8 threads: {2000 / (time.perf_counter() - started):,.0f}/s ({statuses.count(204)} ok)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
