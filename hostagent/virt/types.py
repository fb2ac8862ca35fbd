"""Frozen values the virt driver returns; nothing here imports libvirt."""
from dataclasses import dataclass


@dataclass(frozen=True)
class HostResources:
    """What a hypervisor host has, before reserves and allocation ratios."""

    hypervisor_hostname: str
    hypervisor_type: str
    vcpus: int
    memory_mb: int
    disk_gb: int


@dataclass(frozen=True)
class InstanceSpec:
    """What a host needs to run an instance, as the conductor sends it (no database rows)."""

    uuid: str
    display_name: str
    project_id: str
    flavor_name: str
    vcpus: int
    memory_mb: int
    root_gb: int
    ephemeral_gb: int = 0
    swap_mb: int = 0
    image_uuid: str = ""
    user_id: str = ""
    created_at: str = ""  # "YYYY-MM-DD HH:MM:SS" (UTC), as Nova writes it into the domain's metadata
    # From the image's properties: direct kernel boot (kernel_id, ramdisk_id, os_command_line),
    # the bus of the guest's disks (hw_disk_bus) and its OS (os_type, which formats the ephemeral disk).
    kernel_id: str = ""
    ramdisk_id: str = ""
    os_command_line: str = ""
    disk_bus: str = ""
    os_type: str = ""

    @property
    def domain_name(self) -> str:
        """The libvirt domain's name: unique on the host, and tells an operator whose it is."""
        return f"instance-{self.uuid}"

    @classmethod
    def from_dict(cls, data: dict) -> "InstanceSpec":
        return cls(**{name: data[name] for name in cls.__dataclass_fields__ if name in data})

    def to_dict(self) -> dict:
        return dict(self.__dict__)


# Nova's power states (nova.compute.power_state), the codes the API shows as OS-EXT-STS:power_state.
NOSTATE, RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED = 0, 1, 3, 4, 6, 7
