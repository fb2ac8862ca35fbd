"""Reading the host's CPUs, memory and instance-path disk from libvirt and the filesystem."""
import os

from hostagent.virt.types import HostResources


def host_resources(connection, instances_path: str) -> HostResources:
    """The host as libvirt describes it; disk is the filesystem holding the instance directories."""
    _model, memory_mb, cpus, *_ = connection.getInfo()
    os.makedirs(instances_path, exist_ok=True)
    stat = os.statvfs(instances_path)
    return HostResources(
        hypervisor_hostname=connection.getHostname(),
        hypervisor_type=connection.getType(),
        vcpus=cpus,
        memory_mb=memory_mb,
        disk_gb=stat.f_blocks * stat.f_frsize // (1024 ** 3),
    )
