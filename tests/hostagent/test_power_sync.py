"""The agent's power-state reports, against libvirt's test driver (a simulated host) and its events."""
import uuid

import pytest
from celery import Celery

from hostagent import power_sync
from hostagent.power_sync import POWER_OFF, POWERED_OFF, SYNC_HOST, SYNC_INSTANCE, PowerStateSync
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import NOSTATE, RUNNING, SHUTDOWN, InstanceSpec
from tests.e2e.conftest import wait_until


class RecordingApp:
    """Stands in for the agent's Celery app: what would have been sent to the conductor."""

    def __init__(self):
        self.sent = []

    def send_task(self, name, kwargs=None, **options):
        self.sent.append((name, kwargs))

    def about(self, instance_uuid):
        return [(name, kwargs.get("power_state")) for name, kwargs in self.sent
                if kwargs.get("instance_uuid") == instance_uuid]


@pytest.fixture
def driver(tmp_path):
    driver = LibvirtDriver("test:///default", str(tmp_path / "instances"))
    yield driver
    for leftover in driver.instance_uuids():
        driver.destroy(leftover)
    driver.close()


def spawn(driver) -> str:
    spec = InstanceSpec(uuid=str(uuid.uuid4()), display_name="g", project_id="p", flavor_name="f", vcpus=1,
                        memory_mb=64, root_gb=1)
    driver.spawn(spec)
    return spec.uuid


def behind_the_agents_back(driver, instance_uuid, *operations):
    with driver.connection() as connection:
        domain = connection.lookupByUUIDString(instance_uuid)
        for operation in operations:
            getattr(domain, operation)()


def test_the_periodic_report_sends_every_guests_power_state_in_one_message(driver):
    running, stopped = spawn(driver), spawn(driver)
    behind_the_agents_back(driver, stopped, "destroy")
    app = RecordingApp()

    PowerStateSync(app, driver, "hv1", interval=600).report_all()

    [(name, kwargs)] = app.sent
    assert (name, kwargs["host"]) == (SYNC_HOST, "hv1")
    assert {u: s for u, s in kwargs["states"].items() if u in (running, stopped)} == {running: RUNNING,
                                                                                      stopped: SHUTDOWN}
    assert kwargs["observed_at"] > 0


def test_a_guest_is_reported_only_when_its_state_changed_since_the_last_report(driver):
    instance_uuid, app = spawn(driver), RecordingApp()
    sync = PowerStateSync(app, driver, "hv1", interval=600)
    sync.report_all()  # the conductor knows it running

    assert sync.report_if_changed(instance_uuid) is False
    behind_the_agents_back(driver, instance_uuid, "destroy")
    assert sync.report_if_changed(instance_uuid) is True
    assert sync.report_if_changed(instance_uuid) is False
    behind_the_agents_back(driver, instance_uuid, "undefine")
    assert sync.report_if_changed(instance_uuid) is True
    assert app.about(instance_uuid) == [(SYNC_INSTANCE, SHUTDOWN), (SYNC_INSTANCE, NOSTATE)]


def test_lifecycle_events_report_a_guest_stopped_behind_the_agents_back_once(driver):
    # given the agent watching its host's lifecycle events, with a running guest the conductor knows of
    instance_uuid, app = spawn(driver), RecordingApp()
    sync = PowerStateSync(app, driver, "hv1", interval=-1, events_uri="test:///default")
    sync.last[instance_uuid] = RUNNING
    sync.start()
    try:
        wait_until(lambda: any(name == SYNC_HOST for name, _ in app.sent), what="the report after subscribing")
        # when the guest is destroyed and then undefined behind its back
        behind_the_agents_back(driver, instance_uuid, "destroy")
        wait_until(lambda: (SYNC_INSTANCE, SHUTDOWN) in app.about(instance_uuid), what="the shutoff report")
        behind_the_agents_back(driver, instance_uuid, "undefine")
        # then each change is reported once, the vanished domain as NOSTATE
        wait_until(lambda: (SYNC_INSTANCE, NOSTATE) in app.about(instance_uuid), what="the vanished report")
    finally:
        sync.stop()
    assert app.about(instance_uuid) == [(SYNC_INSTANCE, SHUTDOWN), (SYNC_INSTANCE, NOSTATE)]


def test_the_conductors_power_off_turns_the_guest_off_and_keeps_it_defined(driver, monkeypatch):
    instance_uuid = spawn(driver)
    app = Celery("test-agent")
    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, kwargs=None, **options: sent.append((name, kwargs)))
    power_sync.register(app, driver=driver)

    app.tasks[POWER_OFF](host="hv1", instance_uuid=instance_uuid)

    assert driver.power_state(instance_uuid) == SHUTDOWN
    assert sent == [(POWERED_OFF, {"host": "hv1", "instance_uuid": instance_uuid, "power_state": SHUTDOWN,
                                   "error": ""})]
