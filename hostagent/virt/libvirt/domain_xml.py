"""The domain XML of an instance: a pure function of the instance and the host's settings.

Simulated hosts (libvirt's `test` driver) get the same document without devices, whose files only
a real hypervisor needs; a real guest gets its disks, serial log and VNC (`GuestFiles`), and boots
its image's kernel directly when the image names one. The metadata element carries what Nova's
does (name, creation time, flavor, owner, root image) so an operator reading `virsh dumpxml` knows
whose guest it is; the domain's uuid is the instance's.
"""
from dataclasses import dataclass
from xml.etree import ElementTree

from hostagent.virt.exceptions import VirtError
from hostagent.virt.types import InstanceSpec

NOVA_NS = "http://openstack.org/xmlns/libvirt/nova/1.1"
# Nova's kernel command line when the image has no os_command_line (the root device is prepended).
DEFAULT_CMDLINE = "console=tty0 console=ttyS0"
# hw_disk_bus -> the guest's device name prefix (vda, sda, hda).
DISK_BUSES = {"virtio": "vd", "scsi": "sd", "sata": "sd", "usb": "sd", "ide": "hd"}


@dataclass(frozen=True)
class GuestFiles:
    """Where a real guest's files are on its host (a simulated guest has none)."""

    root_disk: str
    console_log: str
    vnc_listen: str = "127.0.0.1"
    ephemeral_disk: str | None = None
    swap_disk: str | None = None
    kernel: str | None = None
    ramdisk: str | None = None
    config_drive: str = ""  # the ISO of the guest's config drive, when it has one


def domain_xml(instance: InstanceSpec, *, virt_type: str, files: GuestFiles | None = None) -> str:
    ElementTree.register_namespace("nova", NOVA_NS)
    domain = ElementTree.Element("domain", type=virt_type)
    _text(domain, "name", instance.domain_name)
    _text(domain, "uuid", instance.uuid)
    domain.append(metadata_element(instance))
    _text(domain, "memory", str(instance.memory_mb * 1024), unit="KiB")
    _text(domain, "vcpu", str(instance.vcpus))
    domain.append(_os(instance, files))
    features = ElementTree.SubElement(domain, "features")
    ElementTree.SubElement(features, "acpi")  # the guest's power button: ACPI shutdown needs it
    _text(domain, "on_poweroff", "destroy")
    _text(domain, "on_reboot", "restart")
    _text(domain, "on_crash", "destroy")
    devices = ElementTree.SubElement(domain, "devices")
    if files is not None:
        _real_devices(devices, instance, files)
        for nic in instance.nics:
            _interface(devices, nic)
    ElementTree.indent(domain)
    return ElementTree.tostring(domain, encoding="unicode")


def disk_bus(instance: InstanceSpec) -> str:
    """The bus of the guest's disks: the image's hw_disk_bus, virtio by default."""
    bus = instance.disk_bus or "virtio"
    if bus not in DISK_BUSES:
        raise VirtError(f"unsupported hw_disk_bus {bus!r} (supported: {', '.join(sorted(DISK_BUSES))})")
    return bus


def _os(instance: InstanceSpec, files: GuestFiles | None) -> ElementTree.Element:
    """hvm on x86_64; with the image's kernel (and initrd) when it boots one directly (Nova's kernel_id)."""
    os_element = ElementTree.Element("os")
    _text(os_element, "type", "hvm", arch="x86_64")
    if files is not None and files.kernel:
        _text(os_element, "kernel", files.kernel)
        if files.ramdisk:
            _text(os_element, "initrd", files.ramdisk)
        root = f"root=/dev/{DISK_BUSES[disk_bus(instance)]}a"
        _text(os_element, "cmdline", instance.os_command_line or f"{root} {DEFAULT_CMDLINE}")
    return os_element


def _real_devices(devices: ElementTree.Element, instance: InstanceSpec, files: GuestFiles) -> None:
    """The disks (root, then ephemeral and swap as Nova orders them), the serial console into a log
    file (os-getConsoleOutput reads it; it must be port 0, the guest's ttyS0), and VNC graphics."""
    bus = disk_bus(instance)
    disks = [(files.root_disk, "qcow2"), (files.ephemeral_disk, "raw"), (files.swap_disk, "raw")]
    for index, (path, disk_format) in enumerate((path, fmt) for path, fmt in disks if path):
        disk = ElementTree.SubElement(devices, "disk", type="file", device="disk")
        ElementTree.SubElement(disk, "driver", name="qemu", type=disk_format, cache="none")
        ElementTree.SubElement(disk, "source", file=path)
        ElementTree.SubElement(disk, "target", dev=f"{DISK_BUSES[bus]}{chr(ord('a') + index)}", bus=bus)
    if bus == "scsi":
        ElementTree.SubElement(devices, "controller", type="scsi", model="virtio-scsi")
    if files.config_drive:
        _config_drive(devices, files.config_drive)
    serial = ElementTree.SubElement(devices, "serial", type="file")
    ElementTree.SubElement(serial, "source", path=files.console_log)
    ElementTree.SubElement(serial, "target", port="0")
    console = ElementTree.SubElement(devices, "console", type="file")
    ElementTree.SubElement(console, "source", path=files.console_log)
    ElementTree.SubElement(console, "target", type="serial", port="0")
    ElementTree.SubElement(devices, "graphics", type="vnc", autoport="yes", listen=files.vnc_listen)
    video = ElementTree.SubElement(devices, "video")
    ElementTree.SubElement(video, "model", type="vga")


def _config_drive(devices: ElementTree.Element, path: str) -> None:
    """The config drive as Nova attaches it on `pc` machines: a read-only IDE cdrom, `hdd` (sr0 in the guest)."""
    disk = ElementTree.SubElement(devices, "disk", type="file", device="cdrom")
    ElementTree.SubElement(disk, "driver", name="qemu", type="raw")
    ElementTree.SubElement(disk, "source", file=path)
    ElementTree.SubElement(disk, "target", dev="hdd", bus="ide")
    ElementTree.SubElement(disk, "readonly")


def network_name(network_id: str) -> str:
    """The libvirt network that carries a network of the node on each host."""
    return f"xcompute-{network_id}"


def interface_xml(nic) -> str:
    """The NIC of `nic` alone, as libvirt attaches or detaches it on a running guest."""
    devices = ElementTree.Element("devices")
    _interface(devices, nic)
    return ElementTree.tostring(devices[0], encoding="unicode")


def _interface(devices: ElementTree.Element, nic) -> None:
    """A virtio NIC with the port's MAC on the host's libvirt network for the port's network."""
    interface = ElementTree.SubElement(devices, "interface", type="network")
    ElementTree.SubElement(interface, "mac", address=nic.mac_address)
    ElementTree.SubElement(interface, "source", network=network_name(nic.network_id))
    ElementTree.SubElement(interface, "model", type="virtio")
    ElementTree.SubElement(interface, "mtu", size=str(nic.mtu))


def metadata_element(instance: InstanceSpec) -> ElementTree.Element:
    metadata = ElementTree.Element("metadata")
    nova = ElementTree.SubElement(metadata, f"{{{NOVA_NS}}}instance")
    _text(nova, f"{{{NOVA_NS}}}name", instance.display_name)
    if instance.created_at:
        _text(nova, f"{{{NOVA_NS}}}creationTime", instance.created_at)
    flavor = ElementTree.SubElement(nova, f"{{{NOVA_NS}}}flavor", name=instance.flavor_name)
    for tag, value in (("memory", instance.memory_mb), ("disk", instance.root_gb), ("swap", instance.swap_mb),
                       ("ephemeral", instance.ephemeral_gb), ("vcpus", instance.vcpus)):
        _text(flavor, f"{{{NOVA_NS}}}{tag}", str(value))
    owner = ElementTree.SubElement(nova, f"{{{NOVA_NS}}}owner")
    if instance.user_id:
        _text(owner, f"{{{NOVA_NS}}}user", instance.user_id, uuid=instance.user_id)
    _text(owner, f"{{{NOVA_NS}}}project", instance.project_id, uuid=instance.project_id)
    if instance.image_uuid:
        ElementTree.SubElement(nova, f"{{{NOVA_NS}}}root", type="image", uuid=instance.image_uuid)
    return metadata


def _text(parent, tag: str, text: str, **attributes) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag, **attributes)
    element.text = text
    return element
