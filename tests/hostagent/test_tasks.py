"""The agent's tasks run the driver and report every outcome to the conductor."""
from celery import Celery

from hostagent import tasks
from hostagent.virt.exceptions import VirtError
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import RUNNING
from tests.hostagent.test_driver import instance


class RecordingApp(Celery):
    """A Celery app whose outgoing messages are kept instead of sent (the broker is not under test)."""

    def __init__(self):
        super().__init__("agent-test")
        self.sent = []

    def send_task(self, name, args=None, kwargs=None, **options):
        self.sent.append((name, kwargs))


def test_a_build_starts_the_guest_and_reports_it_spawned(tmp_path):
    app, driver = RecordingApp(), LibvirtDriver("test:///default", str(tmp_path))
    tasks.register(app, driver=driver)
    spec = instance()
    app.tasks[tasks.BUILD](host="hv1", instance=spec.to_dict())
    assert app.sent == [(tasks.SPAWNED, {"instance_uuid": spec.uuid, "host": "hv1", "power_state": RUNNING})]
    driver.destroy(spec.uuid)


def test_a_failed_build_is_reported_with_its_reason():
    class BrokenDriver(LibvirtDriver):
        def spawn(self, spec):
            raise VirtError("no room for the disk")

    app = RecordingApp()
    tasks.register(app, driver=BrokenDriver("test:///default", "/nonexistent"))
    spec = instance()
    app.tasks[tasks.BUILD](host="hv1", instance=spec.to_dict())
    ((name, kwargs),) = app.sent
    assert (name, kwargs["instance_uuid"], kwargs["message"]) == (tasks.BUILD_FAILED, spec.uuid, "no room for the disk")
    assert "VirtError" in kwargs["details"]


def test_a_terminate_removes_the_guest_and_reports_it(tmp_path):
    app, driver = RecordingApp(), LibvirtDriver("test:///default", str(tmp_path))
    tasks.register(app, driver=driver)
    spec = instance()
    driver.spawn(spec)
    app.tasks[tasks.TERMINATE](host="hv1", instance_uuid=spec.uuid)
    assert spec.uuid not in driver.instance_uuids()
    assert app.sent == [(tasks.TERMINATED, {"instance_uuid": spec.uuid, "host": "hv1"})]
    # and a redelivered terminate (the guest already gone) reports again instead of failing
    app.tasks[tasks.TERMINATE](host="hv1", instance_uuid=spec.uuid)
    assert app.sent[-1] == (tasks.TERMINATED, {"instance_uuid": spec.uuid, "host": "hv1"})
