"""Simulated hosts: their names, node files from the template, and the resources libvirt reads back."""
from xml.etree import ElementTree

import pytest

from hostagent.simulated.fleet import Fleet
from hostagent.simulated.nodefile import node_xml, write_node_files
from hostagent.virt.libvirt.connection import open_connection
from hostagent.virt.libvirt.host import host_resources, node_file_disk_gb


def test_a_fleet_names_its_hosts_after_the_prefix_in_sortable_order():
    assert Fleet(count=3, prefix="sim").hosts == ["sim-001", "sim-002", "sim-003"]
    assert Fleet(count=1200, prefix="sim").hosts[-1] == "sim-1200"


def test_the_fleet_is_read_from_the_environment_and_the_command_line_wins(monkeypatch):
    monkeypatch.setenv("XCOMPUTE_SIMULATED_HOSTS", "7")
    monkeypatch.setenv("XCOMPUTE_SIMULATED_DISK_GB", "12")
    monkeypatch.setenv("XCOMPUTE_SIMULATED_FAILING_HOSTS", "a-001,a-002")
    monkeypatch.setenv("XCOMPUTE_HOST", "node1")
    monkeypatch.delenv("XCOMPUTE_SIMULATED_PREFIX", raising=False)
    fleet = Fleet.from_env(count=None, vcpus=4)
    assert (fleet.count, fleet.prefix, fleet.vcpus, fleet.disk_gb) == (7, "node1-sim", 4, 12)
    assert fleet.failing_hosts == {"a-001", "a-002"}


@pytest.mark.parametrize("fields", [{"count": -1}, {"vcpus": 0}, {"disk_gb": 0}])
def test_a_fleet_of_negative_count_or_empty_hosts_is_refused(fields):
    with pytest.raises(ValueError):
        Fleet(**{"count": 1, "prefix": "sim", **fields})


def test_the_node_file_describes_the_hosts_cpus_memory_and_disk():
    root = ElementTree.fromstring(node_xml("sim-001", vcpus=8, memory_mb=4096, disk_gb=40))
    assert root.tag == "node"
    assert (root.findtext("cpu/cores"), root.findtext("cpu/active"), root.findtext("memory")) == ("8", "8", "4194304")


def test_libvirt_reads_each_generated_host_with_the_size_it_was_given(tmp_path):
    uris = write_node_files(Fleet(count=2, prefix="sim", vcpus=6, memory_mb=3072, disk_gb=20), tmp_path / "nodes")
    assert sorted(uris) == ["sim-001", "sim-002"]
    connection = open_connection(uris["sim-002"])
    try:
        resources = host_resources(connection, str(tmp_path / "instances"))
    finally:
        connection.close()
    assert (resources.vcpus, resources.memory_mb, resources.disk_gb) == (6, 3072, 20)
    assert resources.hypervisor_type == "TEST"


def test_only_a_node_file_connection_takes_its_disk_from_the_node_description(tmp_path):
    assert node_file_disk_gb("test:///default") is None
    assert node_file_disk_gb("qemu:///system") is None
    assert node_file_disk_gb(f"test://{tmp_path}/missing.xml") is None
