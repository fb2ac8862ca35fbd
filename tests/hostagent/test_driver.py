"""The libvirt driver against libvirt's own test driver (a simulated host), and the domain XML."""
import uuid
from pathlib import Path

import pytest

from hostagent.virt.exceptions import InstanceNotFound, UnsupportedHypervisor, VirtError
from hostagent.virt.libvirt.domain_xml import GuestFiles, domain_xml
from hostagent.virt.libvirt.driver import LibvirtDriver, choose_virt_type
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


def test_a_real_guests_domain_has_its_disk_serial_log_vnc_and_novas_metadata():
    spec = instance(uuid="0b5a0d8e-7c4f-4f7a-9a43-2f6c1d2e3f40", user_id="u1", created_at="2025-01-02 03:04:05")
    files = GuestFiles("/var/lib/x/disk", "/var/lib/x/console.log", "0.0.0.0")
    assert domain_xml(spec, virt_type="qemu", files=files) + "\n" == (GOLDEN / "domain_qemu.xml").read_text()


def test_a_kernel_image_boots_directly_with_its_ramdisk_and_the_ephemeral_and_swap_disks_follow_the_root():
    spec = instance(uuid="0b5a0d8e-7c4f-4f7a-9a43-2f6c1d2e3f40", user_id="u1", created_at="2025-01-02 03:04:05",
                    ephemeral_gb=1, swap_mb=64, kernel_id="k1", ramdisk_id="r1", disk_bus="scsi")
    files = GuestFiles("/i/disk", "/i/console.log", "127.0.0.1", ephemeral_disk="/i/disk.local",
                       swap_disk="/i/disk.swap", kernel="/i/_base/k1", ramdisk="/i/_base/r1")
    assert domain_xml(spec, virt_type="kvm", files=files) + "\n" == (GOLDEN / "domain_kernel_boot.xml").read_text()


def test_the_images_command_line_replaces_novas_default():
    spec = instance(os_command_line="root=/dev/vda1 quiet")
    xml = domain_xml(spec, virt_type="qemu", files=GuestFiles("/i/disk", "/i/log", kernel="/i/_base/k"))
    assert "<cmdline>root=/dev/vda1 quiet</cmdline>" in xml
    assert "<initrd>" not in xml


def test_the_default_command_line_names_the_root_device_of_the_disk_bus():
    xml = domain_xml(instance(disk_bus="ide"), virt_type="qemu", files=GuestFiles("/i/disk", "/i/log", kernel="/k"))
    assert "<cmdline>root=/dev/hda console=tty0 console=ttyS0</cmdline>" in xml
    assert '<target dev="hda" bus="ide" />' in xml


def test_an_unknown_disk_bus_is_a_virt_error_that_names_the_supported_ones():
    with pytest.raises(VirtError, match="unsupported hw_disk_bus 'floppy'.*virtio"):
        domain_xml(instance(disk_bus="floppy"), virt_type="qemu", files=GuestFiles("/i/disk", "/i/log"))


@pytest.mark.parametrize("configured", ["kvm", "qemu"])
def test_a_configured_virt_type_is_used_as_is_without_trying(configured, tmp_path):
    driver = LibvirtDriver("qemu:///system", str(tmp_path), virt_type=configured)
    assert (driver.virt_type, driver.detect_kvm) == (configured, False)


def test_auto_picks_kvm_only_when_the_host_has_it(monkeypatch):
    monkeypatch.setattr("os.path.exists", lambda path: path == "/dev/kvm")
    assert choose_virt_type("auto") == "kvm"
    monkeypatch.setattr("os.path.exists", lambda path: False)
    assert choose_virt_type("auto") == "qemu"


def test_an_unknown_virt_type_is_refused_at_start():
    with pytest.raises(ValueError, match="unknown libvirt virt type 'xen'"):
        choose_virt_type("xen")


class ShutOffMeanwhile:
    """A domain whose guest powers itself off between isActive() and destroy()."""

    def __init__(self):
        self.active = True

    def isActive(self):  # noqa: N802  (libvirt's name)
        return self.active

    def destroy(self):
        import libvirt

        self.active = False

        class NotRunning(libvirt.libvirtError):
            def get_error_code(self):
                return libvirt.VIR_ERR_OPERATION_INVALID

        raise NotRunning("Requested operation is not valid: domain is not running")


def test_a_guest_that_powers_itself_off_while_being_destroyed_is_destroyed_without_an_error():
    from hostagent.virt.libvirt.driver import _destroy_if_running

    domain = ShutOffMeanwhile()
    _destroy_if_running(domain)
    assert not domain.isActive()
