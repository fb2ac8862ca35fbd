"""What a fleet of simulated hosts is: how many, their names, their size and which ones fail builds.

Free of libvirt and Celery, so `wait_healthy` (Django side) and the supervisor config can compute
the same host names the fleet process heartbeats under.
"""
from dataclasses import dataclass, field

from xcompute_site.env import env, host_name, simulated_hosts


def default_prefix() -> str:
    """Named after the real host, so two nodes' simulated hosts never share a name (or a queue)."""
    return f"{host_name()}-sim"


@dataclass(frozen=True)
class Fleet:
    """N identical simulated hosts `<prefix>-001` ... `<prefix>-N` and their node description."""

    count: int
    prefix: str
    vcpus: int = 16
    memory_mb: int = 65536
    disk_gb: int = 1024
    # Hosts whose builds fail on purpose: a test and demo knob for reschedules and ERROR faults.
    failing_hosts: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self):
        if self.count < 0 or min(self.vcpus, self.memory_mb, self.disk_gb) < 1:
            raise ValueError(f"invalid simulated fleet {self}: count >= 0 and positive sizes are required")

    @property
    def hosts(self) -> list[str]:
        width = max(3, len(str(self.count)))  # sortable names: sim-001 ... sim-200
        return [f"{self.prefix}-{index:0{width}d}" for index in range(1, self.count + 1)]

    @classmethod
    def from_env(cls, **overrides) -> "Fleet":
        """The fleet the XCOMPUTE_SIMULATED_* variables describe; keyword arguments (the CLI) win."""
        values = {
            "count": simulated_hosts(),
            "prefix": env.str("XCOMPUTE_SIMULATED_PREFIX", default="") or default_prefix(),
            "vcpus": env.int("XCOMPUTE_SIMULATED_VCPUS", default=16),
            "memory_mb": env.int("XCOMPUTE_SIMULATED_MEMORY_MB", default=65536),
            "disk_gb": env.int("XCOMPUTE_SIMULATED_DISK_GB", default=1024),
            "failing_hosts": env.list("XCOMPUTE_SIMULATED_FAILING_HOSTS", default=[]),
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        values["failing_hosts"] = frozenset(values["failing_hosts"])
        return cls(**values)
