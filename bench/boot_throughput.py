"""Boot throughput: 200 servers, 10 parallel POSTs, on 50 simulated hosts, through the whole chain.

Starts its own node on a scratch PostgreSQL database and a scratch Redis database, as `make up`
runs its programs (gunicorn compute and placement APIs, nova-conductor, nova-scheduler, and one
process of simulated hosts), then prints POST latency, time to all ACTIVE and time to delete all.
Asserts nothing.

    .venv/bin/python bench/boot_throughput.py [--servers 200 --parallel 10 --hosts 50]
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HEADERS = {"X-Auth-Token": "admin:admin", "OpenStack-API-Version": "compute 2.96", "Content-Type": "application/json"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Node:
    """The programs of a node, with logs under var/bench/."""

    def __init__(self, database: str, broker_db: int, hosts: int, settings: dict):
        self.log_dir = ROOT / "var" / "bench" / "boot"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.ports = {"compute": free_port(), "placement": free_port()}
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith(("XCOMPUTE_", "DATABASE_URL"))},
                    "XCOMPUTE_PROFILE": "demo", "DATABASE_URL": f"postgres:///{database}?host=/var/run/postgresql",
                    "XCOMPUTE_BROKER_URL": f"redis://127.0.0.1:6379/{broker_db}", "XCOMPUTE_LOG_LEVEL": "WARNING",
                    "XCOMPUTE_VAR_DIR": str(ROOT / "var" / "bench" / "var"), "XCOMPUTE_HOST": "bench",
                    "XCOMPUTE_PLACEMENT_URL": f"http://127.0.0.1:{self.ports['placement']}",
                    "XCOMPUTE_SIMULATED_HOSTS": str(hosts), "XCOMPUTE_SIMULATED_PREFIX": "bench-sim",
                    "XCOMPUTE_QUOTA_INSTANCES": "-1", "XCOMPUTE_QUOTA_CORES": "-1", "XCOMPUTE_QUOTA_RAM": "-1",
                    **settings}
        self.processes, self.names = [], []
        subprocess.run(["dropdb", "-h", "/var/run/postgresql", "--if-exists", database], check=True)
        subprocess.run(["createdb", "-h", "/var/run/postgresql", database], check=True)
        subprocess.run(["redis-cli", "-n", str(broker_db), "flushdb"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=self.env, check=True)
        subprocess.run([PYTHON, "manage.py", "bootstrap"], cwd=ROOT, env=self.env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self, name, argv, **extra):
        with open(self.log_dir / f"{name}.log", "w") as log:  # the child keeps its own copy of the fd
            self.processes.append(subprocess.Popen(argv, cwd=ROOT, env={**self.env, **extra}, stdout=log,
                                                   stderr=subprocess.STDOUT))
        self.names.append(name)

    def start_all(self):
        gunicorn = [str(Path(PYTHON).parent / "gunicorn"), "-c", "xcompute_site/gunicorn_conf.py",
                    "--access-logfile", "/dev/null", "xcompute_site.wsgi"]
        for service in ("compute", "placement"):
            self.start(f"{service}-api", [*gunicorn, "--bind", f"127.0.0.1:{self.ports[service]}"],
                       XCOMPUTE_API_SERVICE=service)
        self.start("nova-conductor", [PYTHON, "manage.py", "worker", "nova-conductor"])
        self.start("nova-scheduler", [PYTHON, "manage.py", "worker", "nova-scheduler"])
        self.start("nova-compute-simulated", [PYTHON, "-m", "hostagent.simulated"], DATABASE_URL="",
                   DJANGO_SETTINGS_MODULE="")

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time of each program with its children (gunicorn and Celery workers fork)."""
        stats = {}
        for path in Path("/proc").iterdir():
            if not path.name.isdigit():
                continue
            try:
                fields = (path / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            stats[int(path.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))

        def tree(pid):
            return stats.get(pid, (0, 0.0))[1] + sum(tree(child) for child, (parent, _) in stats.items()
                                                      if parent == pid)
        used = {name: tree(process.pid) for name, process in zip(self.names, self.processes, strict=True)}
        used["postgresql"] = sum(stats[pid][1] for pid in stats if self.database in _cmdline(pid))
        return used

    @property
    def database(self) -> str:
        return self.env["DATABASE_URL"].split("///")[1].split("?")[0]

    def stop(self):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=30)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def wait_for(predicate, what, timeout=300, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except requests.RequestException:
            pass
        time.sleep(interval)
    raise RuntimeError(f"timed out waiting for {what}")


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
