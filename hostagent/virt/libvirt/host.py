"""Reading the host's CPUs, memory and instance-path disk from libvirt and the filesystem."""
import os
from xml.etree import ElementTree

from hostagent.virt.types import HostResources

# Elements of ours in a simulated host's node file (libvirt's test driver ignores them).
SIMULATED_NS = "http://xloud.io/xmlns/xcompute/simulated/1.0"


def host_resources(connection, instances_path: str) -> HostResources:
    """The host as libvirt describes it; disk is the filesystem holding the instance directories.

    A simulated host described by a node file (`test:///path/node.xml`) takes its disk from that
    file instead: the test driver has no storage behind our instances path, and 200 simulated
    hosts sharing one filesystem must still each report the disk they were given.
    """
    _model, memory_mb, cpus, *_ = connection.getInfo()
    os.makedirs(instances_path, exist_ok=True)
    disk_gb = node_file_disk_gb(connection.getURI())
    if disk_gb is None:
        stat = os.statvfs(instances_path)
        disk_gb = stat.f_blocks * stat.f_frsize // (1024 ** 3)
    return HostResources(
        hypervisor_hostname=connection.getHostname(),
        hypervisor_type=connection.getType(),
        vcpus=cpus,
        memory_mb=memory_mb,
        disk_gb=disk_gb,
    )


def node_file_disk_gb(uri: str) -> int | None:
    """The `<xcompute:disk unit="GiB">` of a test driver node file; None for any other connection."""
    if not uri.startswith("test:///") or uri.rstrip("/") == "test:///default":
        return None
    path = uri.removeprefix("test://").split("?", 1)[0]
    if not os.path.isfile(path):
        return None
    element = ElementTree.parse(path).getroot().find(f"{{{SIMULATED_NS}}}disk")
    return int(element.text) if element is not None else None
