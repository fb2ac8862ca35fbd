"""Frozen values the virt driver returns; nothing here imports libvirt."""
from dataclasses import dataclass, field


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
    """One port of an instance, as its host plugs it: a MAC on a network, with the address DHCP gives.

    `network_type` is the network's provider type: `local` (a NAT network of the host with our DHCP)
    or `flat` (bridged to the host bridge `physical_network` maps to, whose DHCP is not ours).
    """

    port_id: str
    network_id: str
    mac_address: str
    address: str = ""
    cidr: str = ""
    gateway: str = ""
    dhcp: bool = True
    mtu: int = 1500
    network_type: str = "local"
    physical_network: str = ""
    dns: tuple[str, ...] = ()

    @property
    def bridged(self) -> bool:
        return self.network_type == "flat"


def nic_from_dict(data: dict) -> Nic:
    """A Nic from its dict (fields it does not know are ignored, so older and newer senders both work)."""
    values = {name: value for name, value in data.items() if name in Nic.__dataclass_fields__}
    values["dns"] = tuple(values.get("dns") or ())
    return Nic(**values)


@dataclass(frozen=True)
class GuestKey:
    """A key pair the guest is given (Nova's `keys` entries of meta_data.json)."""

    name: str
    type: str
    data: str


@dataclass(frozen=True)
class ConfigDrive:
    """What the guest's config drive holds: Nova's openstack/latest/meta_data.json and user_data."""

    uuid: str
    name: str
    hostname: str
    project_id: str
    availability_zone: str | None = None
    launch_index: int = 0
    meta: dict = field(default_factory=dict)
    keys: tuple[GuestKey, ...] = ()
    user_data: str = ""  # base64, as the API took it

    @classmethod
    def from_dict(cls, data: dict) -> "ConfigDrive":
        values = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        values["keys"] = tuple(GuestKey(**key) for key in data.get("keys", ()))
        return cls(**values)

    def to_dict(self) -> dict:
        return {**self.__dict__, "meta": dict(self.meta), "keys": [dict(key.__dict__) for key in self.keys]}


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
    config_drive: ConfigDrive | None = None
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
        values = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        values["nics"] = tuple(nic_from_dict(nic) for nic in data.get("nics", ()))
        if data.get("config_drive"):
            values["config_drive"] = ConfigDrive.from_dict(data["config_drive"])
        return cls(**values)

    def to_dict(self) -> dict:
        return {**self.__dict__, "nics": [{**nic.__dict__, "dns": list(nic.dns)} for nic in self.nics],
                "config_drive": self.config_drive.to_dict() if self.config_drive else None}



@dataclass(frozen=True)
class VncEndpoint:
    """Where a running guest's VNC server listens on its host (`listen` may be a wildcard address)."""

    listen: str
    port: int

# Nova's power states (nova.compute.power_state), the codes the API shows as OS-EXT-STS:power_state.
NOSTATE, RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED = 0, 1, 3, 4, 6, 7
