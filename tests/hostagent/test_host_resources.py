"""Host resources are read from a real libvirt connection (the simulated test:/// driver here)."""
from hostagent.virt.libvirt.connection import SIMULATED_URI, open_connection
from hostagent.virt.libvirt.host import host_resources


def test_the_test_driver_reports_its_cpus_memory_and_the_instance_disk(tmp_path):
    connection = open_connection(SIMULATED_URI)
    try:
        resources = host_resources(connection, str(tmp_path / "instances"))
        _model, memory_mb, cpus, *_ = connection.getInfo()
    finally:
        connection.close()
    assert (resources.vcpus, resources.memory_mb) == (cpus, memory_mb)
    assert resources.hypervisor_type == "TEST"
    assert resources.disk_gb > 0
    assert (tmp_path / "instances").is_dir()
