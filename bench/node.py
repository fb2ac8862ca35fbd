"""A node of real programs for the benchmarks: scratch database and broker, `make up`'s commands.

Used by `boot_throughput.py` (simulated hosts) and `guest_boot.py` (the real QEMU host).
"""
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Node:
    """The programs of a node, with logs under var/bench/."""

    def __init__(self, database: str, broker_db: int, hosts: int, settings: dict, *, name: str = "boot",
                 real_host: bool = False):
        """`hosts` simulated hosts; with `real_host`, also this machine's libvirtd (qemu:///system)
        behind an image API holding the test guest (built by ops/guest-image.sh if needed)."""
        self.log_dir = ROOT / "var" / "bench" / name
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.hosts, self.real_host = hosts, real_host
        self.ports = {"compute": free_port(), "placement": free_port(), "image": free_port()}
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith(("XCOMPUTE_", "DATABASE_URL"))},
                    # The benchmarks' clients speak development tokens; `make up`'s node does not.
                    "XCOMPUTE_PROFILE": "demo", "XCOMPUTE_DEVELOPMENT_TOKENS": "true",
                    "DATABASE_URL": f"postgres:///{database}?host=/var/run/postgresql",
                    "XCOMPUTE_BROKER_URL": f"redis://127.0.0.1:6379/{broker_db}", "XCOMPUTE_LOG_LEVEL": "WARNING",
                    "XCOMPUTE_VAR_DIR": str(ROOT / "var" / "bench" / "var"), "XCOMPUTE_HOST": "bench",
                    "XCOMPUTE_PLACEMENT_URL": f"http://127.0.0.1:{self.ports['placement']}",
                    "XCOMPUTE_IMAGE_PORT": str(self.ports["image"]),
                    "XCOMPUTE_SIMULATED_HOSTS": str(hosts), "XCOMPUTE_SIMULATED_PREFIX": "bench-sim",
                    "XCOMPUTE_QUOTA_INSTANCES": "-1", "XCOMPUTE_QUOTA_CORES": "-1", "XCOMPUTE_QUOTA_RAM": "-1",
                    **settings}
        self.processes, self.names = [], []
        subprocess.run(["dropdb", "-h", "/var/run/postgresql", "--if-exists", database], check=True)
        subprocess.run(["createdb", "-h", "/var/run/postgresql", database], check=True)
        subprocess.run(["redis-cli", "-n", str(broker_db), "flushdb"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=self.env, check=True)
        if real_host:  # bootstrap registers the guest image it finds under the var directory
            subprocess.run(["ops/guest-image.sh"], cwd=ROOT, env=self.env, check=True, stdout=subprocess.DEVNULL)
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
        if self.hosts:
            self.start("nova-compute-simulated", [PYTHON, "-m", "hostagent.simulated"], DATABASE_URL="",
                       DJANGO_SETTINGS_MODULE="")
        if self.real_host:
            self.start("glance-api", [*gunicorn, "--bind", f"127.0.0.1:{self.ports['image']}"],
                       XCOMPUTE_API_SERVICE="image")
            self.start("nova-compute", [PYTHON, "-m", "hostagent"], DATABASE_URL="", DJANGO_SETTINGS_MODULE="")

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
