"""Boot throughput: 200 servers, 10 parallel POSTs, on 50 simulated hosts, through the whole chain.

Starts its own node on a scratch PostgreSQL database and a scratch Redis database, as `make up`
runs its programs (gunicorn compute and placement APIs, nova-conductor, nova-scheduler, and one
process of simulated hosts), then prints POST latency, time to all ACTIVE and time to delete all.
Asserts nothing.

    .venv/bin/python bench/boot_throughput.py [--servers 200 --parallel 10 --hosts 50]
"""
import argparse
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from node import PYTHON, ROOT, Node, wait_for

HEADERS = {"X-Auth-Token": "admin:admin", "OpenStack-API-Version": "compute 2.96", "Content-Type": "application/json"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=200)
    parser.add_argument("--parallel", type=int, default=10)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--database", default="xcompute_bench_boot")
    parser.add_argument("--broker-db", type=int, default=13)
    parser.add_argument("--set", action="append", default=[], metavar="XCOMPUTE_X=value",
                        help="a node setting to run with (default: the node's own defaults)")
    args = parser.parse_args()
    node = Node(args.database, args.broker_db, args.hosts, dict(item.split("=", 1) for item in args.set))
    node.start_all()
    compute = f"http://127.0.0.1:{node.ports['compute']}/v2.1"
    placement = f"http://127.0.0.1:{node.ports['placement']}"
    session = requests.Session()
    try:
        wait_for(lambda: len(session.get(f"{placement}/resource_providers", headers={"X-Auth-Token": "admin"},
                                         timeout=10).json()["resource_providers"]) >= args.hosts,
                 f"{args.hosts} hosts in Placement")
        before = node.cpu_seconds()
        run(args, compute, _image_id(node))
        after = node.cpu_seconds()
        print("CPU seconds during the run: " + ", ".join(f"{name} {after[name] - before[name]:.1f}"
                                                          for name in [*node.names, "postgresql"]))
    finally:
        node.stop()


def _image_id(node) -> str:
    """An active image in the node's database (the Image API is not needed to boot on simulated hosts)."""
    code = ("import django, os; django.setup(); from images.models import Image; "
            "i = Image.objects.filter(status='active').first() or Image.objects.create(name='bench', status='active', "
            "visibility='public', owner='admin', disk_format='qcow2', container_format='bare'); print(i.id)")
    out = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env={**node.env, "DJANGO_SETTINGS_MODULE":
                                                               "xcompute_site.settings"},
                         check=True, capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


def run(args, compute, image):
    sessions = [requests.Session() for _ in range(args.parallel)]

    def post(index):
        body = {"server": {"name": f"bench-{index}", "flavorRef": "1", "imageRef": image, "networks": "none"}}
        started = time.perf_counter()
        response = sessions[index % args.parallel].post(f"{compute}/servers", json=body, headers=HEADERS, timeout=60)
        assert response.status_code == 202, response.text
        return time.perf_counter() - started, response.json()["server"]["id"]

    started = time.perf_counter()
    with ThreadPoolExecutor(args.parallel) as pool:
        results = list(pool.map(post, range(args.servers)))
    posted = time.perf_counter() - started
    latencies = sorted(latency for latency, _ in results)
    ids = [server_id for _, server_id in results]
    print(f"POST /servers x{args.servers} ({args.parallel} parallel): p50 {statistics.median(latencies) * 1e3:.1f} ms"
          f"  p95 {latencies[int(len(latencies) * 0.95) - 1] * 1e3:.1f} ms  ({posted:.1f} s to post all)")
    session = requests.Session()

    def statuses():
        servers = session.get(f"{compute}/servers/detail?limit=1000", headers=HEADERS, timeout=60).json()["servers"]
        return [server["status"] for server in servers]

    def building():
        # A light poll (the non-detail list of BUILD servers) so the watcher takes little of the two cores.
        return session.get(f"{compute}/servers?status=BUILD&limit=1000", headers=HEADERS, timeout=60).json()["servers"]

    wait_for(lambda: not building(), "every server to settle", timeout=900)
    settled = time.perf_counter() - started
    final = statuses()
    print(f"all settled in {settled:.1f} s = {args.servers / settled:.1f} servers/s "
          f"({final.count('ACTIVE')} ACTIVE, {final.count('ERROR')} ERROR)")
    started = time.perf_counter()
    with ThreadPoolExecutor(args.parallel) as pool:
        list(pool.map(lambda i: sessions[i % args.parallel].delete(f"{compute}/servers/{ids[i]}", headers=HEADERS,
                                                                   timeout=60), range(len(ids))))
    wait_for(lambda: not statuses(), "every server to be deleted", timeout=900)
    print(f"all deleted in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
