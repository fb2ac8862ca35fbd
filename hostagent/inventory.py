"""The inventory a compute host reports to Placement: its resources, reserves and allocation ratios."""
from dataclasses import asdict, dataclass

from hostagent.virt.types import HostResources


@dataclass(frozen=True)
class InventoryPolicy:
    """Operator settings (XCOMPUTE_*_ALLOCATION_RATIO, XCOMPUTE_RESERVED_*), Nova's defaults."""

    cpu_allocation_ratio: float = 16.0
    ram_allocation_ratio: float = 1.5
    disk_allocation_ratio: float = 1.0
    reserved_host_cpus: int = 0
    reserved_host_memory_mb: int = 512
    reserved_host_disk_mb: int = 0

    @classmethod
    def from_env(cls, env) -> "InventoryPolicy":
        return cls(
            cpu_allocation_ratio=env.float("XCOMPUTE_CPU_ALLOCATION_RATIO", default=16.0),
            ram_allocation_ratio=env.float("XCOMPUTE_RAM_ALLOCATION_RATIO", default=1.5),
            disk_allocation_ratio=env.float("XCOMPUTE_DISK_ALLOCATION_RATIO", default=1.0),
            reserved_host_cpus=env.int("XCOMPUTE_RESERVED_HOST_CPUS", default=0),
            reserved_host_memory_mb=env.int("XCOMPUTE_RESERVED_HOST_MEMORY_MB", default=512),
            reserved_host_disk_mb=env.int("XCOMPUTE_RESERVED_HOST_DISK_MB", default=0),
        )


def _class(total: int, reserved: int, ratio: float) -> dict:
    return {"total": total, "reserved": min(reserved, total), "min_unit": 1, "max_unit": total,
            "step_size": 1, "allocation_ratio": ratio}


def placement_inventory(resources: HostResources, policy: InventoryPolicy) -> dict:
    """Placement inventories (VCPU, MEMORY_MB, DISK_GB) for the host; empty classes are left out."""
    inventory = {
        "VCPU": _class(resources.vcpus, policy.reserved_host_cpus, policy.cpu_allocation_ratio),
        "MEMORY_MB": _class(resources.memory_mb, policy.reserved_host_memory_mb, policy.ram_allocation_ratio),
        # Reserved disk is configured in MB, as in Nova, and rounded up to whole GB.
        "DISK_GB": _class(resources.disk_gb, -(-policy.reserved_host_disk_mb // 1024), policy.disk_allocation_ratio),
    }
    return {name: spec for name, spec in inventory.items() if spec["total"] > 0}


def compute_node_report(host: str, resources: HostResources, policy: InventoryPolicy) -> dict:
    """The conductor task payload: the node as the database records it, and its Placement inventory."""
    return {"host": host, "resources": asdict(resources), "inventory": placement_inventory(resources, policy)}
