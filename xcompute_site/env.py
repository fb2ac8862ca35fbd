"""Environment-driven configuration shared by Django and the database-free compute agent.

Both sides read the same variables (optionally from an env file) through this module, so the
agent can configure Celery without importing Django settings, which would pull in the database
configuration it must never have.
"""
import os
import secrets
import socket
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

_env_file = Path(os.environ.get("XCOMPUTE_ENV_FILE", BASE_DIR / ".env"))
if _env_file.is_file():
    environ.Env.read_env(_env_file, overwrite=False)


def var_dir() -> Path:
    """Directory for the embedded database, logs, generated config and runtime state."""
    return Path(env.str("XCOMPUTE_VAR_DIR", default=str(BASE_DIR / "var")))


def host_name() -> str:
    """Name this node registers its services under (Nova's `host`)."""
    return env.str("XCOMPUTE_HOST", default=socket.gethostname())


def broker_url() -> str:
    return env.str("XCOMPUTE_BROKER_URL", default="redis://127.0.0.1:6379/0")


def development_tokens() -> bool:
    """Whether `X-Auth-Token: user:project[:roles]` is accepted: by default only in the test profile."""
    return env.bool("XCOMPUTE_DEVELOPMENT_TOKENS", default=env.str("XCOMPUTE_PROFILE", default="production") == "test")


def service_token() -> str:
    """The node's own services' token (conductor to Placement, agents to the image API).

    XCOMPUTE_SERVICE_TOKEN, else a random one kept under var/ (0600), made once by whichever process
    needs it first; the API processes accept it as an admin of no project.
    """
    configured = env.str("XCOMPUTE_SERVICE_TOKEN", default="")
    if configured:
        return configured
    path = var_dir() / "service_token"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
                file.write(secrets.token_urlsafe(32))
        except FileExistsError:  # another process made it first
            pass
    return path.read_text().strip()


def report_interval() -> int:
    """Seconds between two heartbeats of every process."""
    return env.int("XCOMPUTE_REPORT_INTERVAL", default=10)


def service_down_time() -> int:
    """Seconds without a heartbeat after which a service counts as down."""
    return env.int("XCOMPUTE_SERVICE_DOWN_TIME", default=60)


def physical_bridge_mappings() -> dict[str, str]:
    """XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS (`physnet1:br0,physnet2:br1`, Neutron's bridge_mappings):
    the physical networks flat networks may use (the API) and the host bridge each one is (an agent).

    A malformed entry raises ValueError naming the variable, so a process stops at start-up.
    """
    mappings = {}
    for entry in env.list("XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS", default=[]):
        physnet, _, bridge = entry.strip().partition(":")
        if not physnet or not bridge or physnet in mappings:
            raise ValueError(f"XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS: bad or repeated entry {entry!r} "
                             "(expected physnet:bridge, comma-separated)")
        mappings[physnet.strip()] = bridge.strip()
    return mappings


# Simulated hypervisors (hostagent.simulated): one process serving N hosts on libvirt's test driver.
# XCOMPUTE_SIMULATED_HOSTS      how many `make up` runs beside the real host (0: none), default 3
# XCOMPUTE_SIMULATED_PREFIX     their names are <prefix>-001...; default `<XCOMPUTE_HOST>-sim`
# XCOMPUTE_SIMULATED_VCPUS / _MEMORY_MB / _DISK_GB   each host's size, default 16 / 65536 / 1024
# XCOMPUTE_SIMULATED_FAILING_HOSTS  hosts whose builds fail on purpose (a test and demo knob)
def simulated_hosts() -> int:
    """How many simulated hypervisors the node runs beside its real host."""
    return env.int("XCOMPUTE_SIMULATED_HOSTS", default=3)
