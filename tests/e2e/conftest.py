"""Real processes for end-to-end tests: conductor and agent workers on real Redis, the API under gunicorn."""
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
import requests
import yaml
from django.conf import settings
from django.db import connection

ARTIFACTS = Path(os.environ.get("XCOMPUTE_TEST_ARTIFACTS", settings.BASE_DIR / "test-artifacts"))


def database_url() -> str:
    """The URL of the test database, for worker processes to use the rows the test sees."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    netloc = (f"{auth}@" if auth else "") + (db["HOST"] or "") + (f":{db['PORT']}" if db["PORT"] else "")
    query = urlencode({k: v for k, v in db.get("OPTIONS", {}).items() if k == "host"})
    return f"postgres://{netloc}/{db['NAME']}" + (f"?{query}" if query else "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout=60, interval=0.2, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


class Processes:
    """Starts named processes with logs under the test artifacts and stops them all at the end."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name, argv, env):
        with open(self.log_dir / f"{name}.log", "w") as log:  # the child keeps its own copy of the fd
            self.running[name] = subprocess.Popen(argv, cwd=settings.BASE_DIR, env=env, stdout=log,
                                                  stderr=subprocess.STDOUT, start_new_session=True)
        return self.running[name]

    def stop(self, name):
        process = self.running.pop(name)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def log(self, name) -> str:
        return (self.log_dir / f"{name}.log").read_text()

    def stop_all(self):
        for name in list(self.running):
            self.stop(name)


@pytest.fixture
def host_name():
    """A host name of this test alone, so its services never mix with another run's."""
    return f"e2e-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def broker_url():
    """The broker of this test's processes; tests override it to run over RabbitMQ."""
    return settings.CELERY_BROKER_URL


def purge_broker(broker_url: str) -> None:
    """Drop the messages earlier tests left on the shared test broker (their hosts are gone)."""
    from kombu import Connection

    if broker_url.startswith("redis"):  # the test broker's own database
        with Connection(broker_url) as connection:
            connection.default_channel.client.flushdb()
        return
    for queue in ("conductor", "scheduler"):
        with Connection(broker_url) as connection:
            try:
                connection.default_channel.queue_purge(queue)
            except Exception:  # a queue no test declared yet holds nothing to drop
                continue


@pytest.fixture
def node_env(transactional_db, host_name, tmp_path, broker_url):
    """Environment of this test's processes: the test database, a real broker, one-second heartbeats."""
    purge_broker(broker_url)
    # Nothing of the test process's own configuration leaks in: the processes start as supervisord
    # starts them (no DJANGO_SETTINGS_MODULE either).
    base = {key: value for key, value in os.environ.items()
            if not key.startswith(("XCOMPUTE_", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"))}
    return {
        **base,
        "XCOMPUTE_PROFILE": "test",
        "XCOMPUTE_HOST": host_name,
        "XCOMPUTE_BROKER_URL": broker_url,
        "XCOMPUTE_REPORT_INTERVAL": "1",
        "XCOMPUTE_VAR_DIR": str(tmp_path / "var"),
        "XCOMPUTE_ENV_FILE": str(tmp_path / "none.env"),
        "DATABASE_URL": database_url(),
        # No Placement unless the test starts one (placement_url): never another node's on 8778.
        "XCOMPUTE_PLACEMENT_URL": "http://127.0.0.1:9",
    }


@pytest.fixture
def processes(request, host_name, transactional_db):
    """The test's processes, stopped before the database is flushed (they depend on it): a worker
    still running after the flush would write rows (a heartbeat, a compute node) into the next test."""
    log_dir = ARTIFACTS / "e2e" / request.node.name
    log_dir.mkdir(parents=True, exist_ok=True)
    running = Processes(log_dir)
    yield running
    running.stop_all()


@pytest.fixture
def conductor(processes, node_env):
    return processes.start("nova-conductor", [sys.executable, "manage.py", "worker", "nova-conductor",
                                              "--pool", "solo"], node_env)


@pytest.fixture
def scheduler(processes, node_env):
    return processes.start("nova-scheduler", [sys.executable, "manage.py", "worker", "nova-scheduler",
                                              "--pool", "solo"], node_env)


@pytest.fixture
def agent_env(node_env):
    """The agent's environment has no database settings at all."""
    env = {k: v for k, v in node_env.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    return {**env, "XCOMPUTE_LIBVIRT_URI": "test:///default"}


@pytest.fixture
def agent(processes, agent_env):
    return processes.start("nova-compute", [sys.executable, "-m", "hostagent"], agent_env)


def start_api(processes, node_env, service: str, binary: str, port: int | None = None) -> str:
    """An API under gunicorn, as `make up` runs it (on `port`, else a free one); its base URL once it listens."""
    port = port or free_port()
    env = {**node_env, "XCOMPUTE_API_SERVICE": service, "XCOMPUTE_API_WORKERS": "1"}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    processes.start(binary, [gunicorn, "-c", "xcompute_site/gunicorn_conf.py", "--bind",
                             f"127.0.0.1:{port}", "xcompute_site.wsgi"], env)
    url = f"http://127.0.0.1:{port}"

    def answers():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return False

    wait_until(answers, what=f"{binary} to listen")
    return url


@pytest.fixture
def network_api_url(processes, node_env):
    """neutron-server (the Networking API) under gunicorn; returns its base URL."""
    return start_api(processes, node_env, "network", "neutron-server")


@pytest.fixture
def compute_api(processes, node_env):
    return start_api(processes, node_env, "compute", "nova-api")


@pytest.fixture
def placement_url(processes, node_env):
    """placement-api under gunicorn; the conductor started after this fixture reports to it."""
    url = start_api(processes, node_env, "placement", "placement-api")
    node_env["XCOMPUTE_PLACEMENT_URL"] = url
    return url


@pytest.fixture
def image_api_url(processes, node_env):
    """glance-api under gunicorn (two threads, so an upload and a show can overlap); returns its base URL."""
    node_env["XCOMPUTE_API_THREADS"] = "2"
    return start_api(processes, node_env, "image", "glance-api")


@pytest.fixture
def image_store(node_env) -> Path:
    """The directory the image API under test stores image data in."""
    return Path(node_env["XCOMPUTE_VAR_DIR"]) / "images"


@pytest.fixture
def simulated_fleet():
    """The simulated hosts `simulated_hosts` starts; a test overrides it (or a module, by redefining it)."""
    return {"count": 5, "vcpus": 16, "memory_mb": 65536, "disk_gb": 1024, "failing_hosts": []}


def start_simulated_hosts(processes, agent_env, name: str, prefix: str, fleet: dict) -> list[str]:
    """`python -m hostagent.simulated` as `make up` runs it (no database settings); its host names."""
    argv = [sys.executable, "-m", "hostagent.simulated", "--prefix", prefix, "--count", str(fleet["count"]),
            "--vcpus", str(fleet["vcpus"]), "--memory-mb", str(fleet["memory_mb"]),
            "--disk-gb", str(fleet["disk_gb"]), "--failing-hosts", ",".join(fleet.get("failing_hosts", []))]
    processes.start(name, argv, agent_env)
    from hostagent.simulated.fleet import Fleet

    return Fleet(count=fleet["count"], prefix=prefix).hosts


@pytest.fixture
def simulated_hosts(processes, agent_env, host_name, simulated_fleet) -> list[str]:
    """One process serving `simulated_fleet`'s hosts, named `<host_name>-sim-001`...; their names."""
    return start_simulated_hosts(processes, agent_env, "nova-compute-simulated", f"{host_name}-sim", simulated_fleet)


def openstack_cli(tmp_path: Path, urls: dict):
    """`run(*args) -> stdout`: the unmodified `openstack --os-cloud xcompute ...` with development tokens
    and endpoint overrides for `urls` (compute, placement, optionally image and network), as bootstrap's
    `development_clouds_yaml` writes them; a failing command fails the test."""
    from node.management.commands.bootstrap import development_clouds_yaml

    config = tmp_path / "clouds.yaml"
    config.write_text(yaml.safe_dump(development_clouds_yaml(urls)))
    cli = str(Path(sys.executable).parent / "openstack")

    def run(*args) -> str:
        result = subprocess.run([cli, "--os-cloud", "xcompute", *args], capture_output=True, text=True,
                                env={"OS_CLIENT_CONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"}, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    run.config = config
    return run


PLACEMENT_ADMIN = {"X-Auth-Token": "admin", "OpenStack-API-Version": "placement 1.39"}


@pytest.fixture
def cloud(placement_url, conductor, scheduler, agent, host_name):
    """A node with one simulated compute host whose inventory reached Placement, flavors and an image."""
    from flavors.services import ensure_defaults
    from hosts.models import ComputeNode
    from tests.instances.factories import make_image

    node = wait_until(lambda: ComputeNode.objects.filter(host=host_name).first(), what="the compute node")
    wait_until(lambda: requests.get(f"{placement_url}/resource_providers/{node.uuid}/inventories", headers=PLACEMENT_ADMIN,
                                    timeout=5).json().get("inventories"), what="the node's inventory")
    ensure_defaults()
    return {"placement": placement_url, "node": node, "image": make_image(name="guest", owner="admin")}
