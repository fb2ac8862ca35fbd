"""A guest's lifecycle through the libvirt driver on a simulated host, and the agent tasks that run it."""
import pytest

from hostagent import operations, tasks
from hostagent.virt.exceptions import InstanceNotFound, VirtError
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.libvirt.lifecycle import tail
from hostagent.virt.types import NOSTATE, PAUSED, RUNNING, SHUTDOWN
from tests.hostagent.test_driver import instance
from tests.hostagent.test_tasks import RecordingApp


@pytest.fixture
def driver(tmp_path):
    driver = LibvirtDriver("test:///default", str(tmp_path / "instances"))
    yield driver
    for leftover in driver.instance_uuids():
        driver.destroy(leftover)
    driver.close()


@pytest.fixture
def guest(driver):
    spec = instance()
    driver.spawn(spec)
    return spec


def domain_state(driver, uuid):
    with driver.connection() as connection:
        domain = connection.lookupByUUIDString(uuid)
        return domain.state()[0], domain.hasManagedSaveImage(0)


def test_power_off_stops_the_guest_and_power_on_starts_it_again_both_idempotent(driver, guest):
    assert driver.power_off(guest.uuid, timeout=5) == SHUTDOWN
    assert driver.power_off(guest.uuid, timeout=5) == SHUTDOWN
    assert driver.power_on(guest.uuid) == RUNNING
    assert driver.power_on(guest.uuid) == RUNNING


def test_a_guest_that_ignores_the_power_button_is_destroyed_once_the_timeout_passes(driver, guest, monkeypatch):
    # given a guest whose ACPI shutdown never takes effect
    monkeypatch.setattr(LibvirtDriver, "_shut_down", lambda self, domain, timeout: False)
    # when it is powered off, then it is off all the same
    assert driver.power_off(guest.uuid, timeout=0) == SHUTDOWN


def test_a_soft_reboot_falls_back_to_a_hard_one_when_the_guest_does_not_shut_down(driver, guest, monkeypatch):
    monkeypatch.setattr(LibvirtDriver, "_shut_down", lambda self, domain, timeout: False)
    hard = []
    original = LibvirtDriver._hard_reboot
    monkeypatch.setattr(LibvirtDriver, "_hard_reboot", lambda self, domain, uuid: hard.append(uuid) or
                        original(self, domain, uuid))
    assert driver.reboot(guest.uuid, hard=False, timeout=0) == RUNNING
    assert hard == [guest.uuid]


def test_a_hard_reboot_boots_a_paused_or_suspended_guest_afresh(driver, guest):
    driver.pause(guest.uuid)
    assert driver.reboot(guest.uuid, hard=True, timeout=1) == RUNNING
    driver.suspend(guest.uuid)
    assert driver.reboot(guest.uuid, hard=True, timeout=1) == RUNNING
    assert domain_state(driver, guest.uuid)[1] == 0  # the saved memory was dropped, not restored


def test_pause_and_unpause_freeze_and_thaw_the_guest(driver, guest):
    assert driver.pause(guest.uuid) == PAUSED
    assert driver.pause(guest.uuid) == PAUSED
    assert driver.unpause(guest.uuid) == RUNNING
    assert driver.unpause(guest.uuid) == RUNNING


def test_suspend_saves_the_guest_and_resume_restores_it(driver, guest):
    assert driver.suspend(guest.uuid) == SHUTDOWN
    assert domain_state(driver, guest.uuid)[1] == 1
    assert driver.suspend(guest.uuid) == SHUTDOWN  # redelivered: still suspended
    assert driver.resume(guest.uuid) == RUNNING
    assert domain_state(driver, guest.uuid)[1] == 0


def test_suspending_or_unpausing_a_guest_that_is_off_is_refused(driver, guest):
    driver.power_off(guest.uuid, timeout=1)
    with pytest.raises(VirtError, match="nothing to suspend"):
        driver.suspend(guest.uuid)
    with pytest.raises(VirtError, match="nothing to unpause"):
        driver.unpause(guest.uuid)


def test_a_suspended_guest_can_be_destroyed_with_its_saved_memory(driver, guest):
    driver.suspend(guest.uuid)
    driver.destroy(guest.uuid)
    assert guest.uuid not in driver.instance_uuids()


def test_a_rebuild_keeps_the_domain_names_the_new_image_and_leaves_it_off_when_asked(driver, guest):
    rebuilt = instance(uuid=guest.uuid, image_uuid="6a1f2e3d-0000-4000-8000-000000000002")
    assert driver.rebuild(rebuilt, power_on=True) == RUNNING
    assert driver.rebuild(rebuilt, power_on=False) == SHUTDOWN
    assert driver.instance_uuids().count(guest.uuid) == 1
    with driver.connection() as connection:
        xml = connection.lookupByUUIDString(guest.uuid).XMLDesc(0)
    assert '<nova:root type="image" uuid="6a1f2e3d-0000-4000-8000-000000000002"/>' in xml
    assert "<nova:name>web-1</nova:name>" in xml


def test_operations_on_a_guest_the_host_does_not_have_raise_instance_not_found(driver):
    with pytest.raises(InstanceNotFound):
        driver.power_off(instance().uuid, timeout=1)


def test_a_simulated_guest_has_a_console_line_of_its_own(driver, guest):
    assert f"instance-{guest.uuid}" in driver.console_output(guest.uuid)


def test_console_output_is_tailed_by_lines_as_nova_tails_it():
    text = "one\ntwo\nthree\n"
    assert tail(text, None) == tail(text, -1) == text
    assert tail(text, 0) == ""
    assert tail(text, 2) == "three\n"
    assert tail(text, 3) == "two\nthree\n"


def test_an_operation_task_runs_the_driver_and_reports_the_power_state_to_the_conductor(driver, guest):
    app = RecordingApp()
    tasks.register(app, driver=driver)
    app.tasks[operations.TASKS["stop"]](host="hv1", instance_uuid=guest.uuid)
    app.tasks[operations.TASKS["reboot"]](host="hv1", instance_uuid=guest.uuid, hard=True)
    assert app.sent == [
        (operations.DONE, {"instance_uuid": guest.uuid, "host": "hv1", "operation": "stop", "power_state": SHUTDOWN}),
        (operations.DONE, {"instance_uuid": guest.uuid, "host": "hv1", "operation": "reboot", "power_state": RUNNING}),
    ]


def test_a_failed_operation_is_reported_with_its_reason_and_where_it_left_the_guest(driver, guest):
    app = RecordingApp()
    tasks.register(app, driver=driver)
    driver.power_off(guest.uuid, timeout=1)
    app.tasks[operations.TASKS["suspend"]](host="hv1", instance_uuid=guest.uuid)
    ((name, kwargs),) = app.sent
    assert (name, kwargs["operation"], kwargs["power_state"]) == (operations.FAILED, "suspend", SHUTDOWN)
    assert "nothing to suspend" in kwargs["message"] and "VirtError" in kwargs["details"]
    # and a guest that is gone altogether is reported as having no state
    app.tasks[operations.TASKS["start"]](host="hv1", instance_uuid=instance().uuid)
    assert app.sent[-1][1]["power_state"] == NOSTATE


def test_a_rebuild_task_spawns_the_instance_it_is_given(driver, guest):
    app = RecordingApp()
    tasks.register(app, driver=driver)
    app.tasks[operations.TASKS["rebuild"]](host="hv1", instance_uuid=guest.uuid, instance=guest.to_dict(),
                                           power_on=False)
    assert app.sent[-1] == (operations.DONE, {"instance_uuid": guest.uuid, "host": "hv1", "operation": "rebuild",
                                              "power_state": SHUTDOWN})
