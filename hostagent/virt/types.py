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
class Nic:
    """One port of an instance, as its host plugs it: a MAC on a network, with the address DHCP gives."""

    port_id: str
    network_id: str
    mac_address: str
    address: str = ""
    cidr: str = ""
    gateway: str = ""
    dhcp: bool = True
    mtu: int = 1500


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
    nics: tuple[Nic, ...] = ()

    @property
    def domain_name(self) -> str:
        """The libvirt domain's name: unique on the host, and tells an operator whose it is."""
        return f"instance-{self.uuid}"

    @classmethod
    def from_dict(cls, data: dict) -> "InstanceSpec":
        values = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        values["nics"] = tuple(Nic(**{k: v for k, v in nic.items() if k in Nic.__dataclass_fields__})
                               for nic in data.get("nics", ()))
        return cls(**values)

    def to_dict(self) -> dict:
        return {**self.__dict__, "nics": [dict(nic.__dict__) for nic in self.nics]}



@dataclass(frozen=True)
class VncEndpoint:
    """Where a running guest's VNC server listens on its host (`listen` may be a wildcard address)."""

    listen: str
    port: int

# Nova's power states (nova.compute.power_state), the codes the API shows as OS-EXT-STS:power_state.
NOSTATE, RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED = 0, 1, 3, 4, 6, 7
