"""The libvirt driver against libvirt's own test driver (a simulated host), and the domain XML."""
import uuid
from pathlib import Path

import pytest

from hostagent.virt.exceptions import InstanceNotFound, UnsupportedHypervisor
from hostagent.virt.libvirt.domain_xml import domain_xml
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import RUNNING, InstanceSpec

GOLDEN = Path(__file__).parent / "golden"


def instance(**fields) -> InstanceSpec:
    values = {"uuid": str(uuid.uuid4()), "display_name": "web-1", "project_id": "p1", "flavor_name": "m1.tiny",
              "vcpus": 1, "memory_mb": 512, "root_gb": 1, "image_uuid": "6a1f2e3d-0000-4000-8000-000000000001"}
    return InstanceSpec(**{**values, **fields})


@pytest.fixture
def driver(tmp_path):
    """A simulated host of its own (test:///default is shared by the whole process)."""
    driver = LibvirtDriver("test:///default", str(tmp_path / "instances"))
    yield driver
    for leftover in driver.instance_uuids():
        driver.destroy(leftover)
    driver.close()


def test_the_domain_xml_of_an_instance_matches_its_golden_file():
    spec = instance(uuid="0b5a0d8e-7c4f-4f7a-9a43-2f6c1d2e3f40")
    assert domain_xml(spec, virt_type="test") + "\n" == (GOLDEN / "domain_test.xml").read_text()


def test_spawning_defines_and_starts_a_guest_named_after_the_instance(driver):
    spec = instance()
    assert driver.spawn(spec) == RUNNING
    with driver.connection() as connection:
        domain = connection.lookupByUUIDString(spec.uuid)
    assert (domain.name(), domain.isActive(), domain.maxMemory()) == (f"instance-{spec.uuid}", 1, 512 * 1024)
    assert spec.uuid in driver.instance_uuids()


def test_spawning_again_starts_the_guest_it_defined_before(driver):
    spec = instance()
    driver.spawn(spec)
    with driver.connection() as connection:
        connection.lookupByUUIDString(spec.uuid).destroy()
    assert driver.spawn(spec) == RUNNING
    assert driver.instance_uuids().count(spec.uuid) == 1


def test_destroying_removes_the_guest_and_a_second_destroy_is_fine(driver):
    spec = instance()
    driver.spawn(spec)
    driver.destroy(spec.uuid)
    driver.destroy(spec.uuid)
    with pytest.raises(InstanceNotFound):
        driver.power_state(spec.uuid)
    assert spec.uuid not in driver.instance_uuids()


def test_a_real_host_without_an_image_service_refuses_builds(tmp_path):
    with pytest.raises(UnsupportedHypervisor, match="no image service"):
        LibvirtDriver("qemu:///system", str(tmp_path)).spawn(instance())


def test_a_real_guests_domain_has_its_disk_serial_log_and_vnc():
    from hostagent.virt.libvirt.domain_xml import GuestFiles

    spec = instance(uuid="0b5a0d8e-7c4f-4f7a-9a43-2f6c1d2e3f40")
    files = GuestFiles("/var/lib/x/disk", "/var/lib/x/console.log", "0.0.0.0")
    assert domain_xml(spec, virt_type="qemu", files=files) + "\n" == (GOLDEN / "domain_qemu.xml").read_text()
