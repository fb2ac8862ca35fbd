"""The inventory a compute host reports to Placement: its resources, reserves and allocation ratios."""
from dataclasses import asdict, dataclass

from hostagent.virt.types import HostResources

# Nova's option names per resource class: (allocation ratio, its initial value, reserve).
RATIO_OPTIONS = {"VCPU": "cpu", "MEMORY_MB": "ram", "DISK_GB": "disk"}


@dataclass(frozen=True)
class InventoryPolicy:
    """Operator settings (XCOMPUTE_*_ALLOCATION_RATIO, XCOMPUTE_RESERVED_*), with Nova's defaults.

    As in Nova since Stein, an allocation ratio left unset (None) is not imposed: the provider is
    created with the `initial_*` ratio and keeps whatever Placement holds afterwards, so an operator
    may change it through Placement's API; a configured ratio overwrites Placement's at every report.
    """

    cpu_allocation_ratio: float | None = None
    ram_allocation_ratio: float | None = None
    disk_allocation_ratio: float | None = None
    initial_cpu_allocation_ratio: float = 4.0
    initial_ram_allocation_ratio: float = 1.0
    initial_disk_allocation_ratio: float = 1.0
    reserved_host_cpus: int = 0
    reserved_host_memory_mb: int = 512
    reserved_host_disk_mb: int = 0

    @classmethod
    def from_env(cls, env) -> "InventoryPolicy":
        def ratio(name):
            # Nova treats 0.0 as unset too.
            value = env.float(f"XCOMPUTE_{name.upper()}_ALLOCATION_RATIO", default=0.0)
            return value or None

        return cls(
            **{f"{name}_allocation_ratio": ratio(name) for name in RATIO_OPTIONS.values()},
            initial_cpu_allocation_ratio=env.float("XCOMPUTE_INITIAL_CPU_ALLOCATION_RATIO", default=4.0),
            initial_ram_allocation_ratio=env.float("XCOMPUTE_INITIAL_RAM_ALLOCATION_RATIO", default=1.0),
            initial_disk_allocation_ratio=env.float("XCOMPUTE_INITIAL_DISK_ALLOCATION_RATIO", default=1.0),
            reserved_host_cpus=env.int("XCOMPUTE_RESERVED_HOST_CPUS", default=0),
            reserved_host_memory_mb=env.int("XCOMPUTE_RESERVED_HOST_MEMORY_MB", default=512),
            reserved_host_disk_mb=env.int("XCOMPUTE_RESERVED_HOST_DISK_MB", default=0),
        )

    def ratio(self, resource_class: str) -> float:
        """The ratio reported for the class: the configured one, else the initial one."""
        name = RATIO_OPTIONS[resource_class]
        return getattr(self, f"{name}_allocation_ratio") or getattr(self, f"initial_{name}_allocation_ratio")

    def initial_ratio_classes(self) -> list[str]:
        """Classes whose ratio is not configured: Placement's current value wins over the initial one."""
        return [cls for cls, name in RATIO_OPTIONS.items() if not getattr(self, f"{name}_allocation_ratio")]


def _class(total: int, reserved: int, ratio: float) -> dict:
    return {"total": total, "reserved": min(reserved, total), "min_unit": 1, "max_unit": total,
            "step_size": 1, "allocation_ratio": ratio}


def placement_inventory(resources: HostResources, policy: InventoryPolicy) -> dict:
    """Placement inventories (VCPU, MEMORY_MB, DISK_GB) for the host; empty classes are left out."""
    inventory = {
        "VCPU": _class(resources.vcpus, policy.reserved_host_cpus, policy.ratio("VCPU")),
        "MEMORY_MB": _class(resources.memory_mb, policy.reserved_host_memory_mb, policy.ratio("MEMORY_MB")),
        # Reserved disk is configured in MB, as in Nova, and rounded up to whole GB.
        "DISK_GB": _class(resources.disk_gb, -(-policy.reserved_host_disk_mb // 1024), policy.ratio("DISK_GB")),
    }
    return {name: spec for name, spec in inventory.items() if spec["total"] > 0}


def compute_node_report(host: str, resources: HostResources, policy: InventoryPolicy) -> dict:
    """The conductor task payload: the node as the database records it, its Placement inventory, and
    the classes whose ratio is only an initial value (`initial_ratios`)."""
    inventory = placement_inventory(resources, policy)
    return {"host": host, "resources": asdict(resources), "inventory": inventory,
            "initial_ratios": [name for name in policy.initial_ratio_classes() if name in inventory]}
