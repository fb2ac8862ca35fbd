"""One process serves many simulated hosts: each task runs on the driver of the host it names."""
import pytest

from hostagent import operations, tasks
from hostagent.heartbeat import HEARTBEAT_TASK, Heartbeat
from hostagent.simulated.dispatch import HostDispatchDriver, host_drivers
from hostagent.simulated.fleet import Fleet
from hostagent.simulated.nodefile import write_node_files
from hostagent.simulated.rounds import Rounds
from hostagent.virt.types import RUNNING, SHUTDOWN
from tests.hostagent.test_driver import instance
from tests.hostagent.test_tasks import RecordingApp


@pytest.fixture
def fleet_app(tmp_path):
    """Three simulated hosts behind one app, the third failing its builds."""
    uris = write_node_files(Fleet(count=3, prefix="sim"), tmp_path / "nodes")
    app = RecordingApp()
    driver = HostDispatchDriver(app, host_drivers(uris, str(tmp_path / "instances"), {"sim-003"}))
    tasks.register(app, driver=driver)
    yield app, driver
    driver.close()


def test_a_build_runs_on_the_host_named_in_the_task_and_no_other(fleet_app):
    app, driver = fleet_app
    spec = instance()
    app.tasks[tasks.BUILD](host="sim-002", instance=spec.to_dict())
    assert app.sent == [(tasks.SPAWNED, {"instance_uuid": spec.uuid, "host": "sim-002", "power_state": RUNNING})]
    assert driver.drivers["sim-002"].instance_uuids() == [spec.uuid]
    assert driver.drivers["sim-001"].instance_uuids() == []


def test_a_terminate_removes_the_guest_from_its_own_host(fleet_app):
    app, driver = fleet_app
    spec = instance()
    driver.drivers["sim-001"].spawn(spec)
    app.tasks[tasks.TERMINATE](host="sim-001", instance_uuid=spec.uuid)
    assert driver.drivers["sim-001"].instance_uuids() == []
    assert app.sent == [(tasks.TERMINATED, {"instance_uuid": spec.uuid, "host": "sim-001"})]


def test_a_host_listed_as_failing_reports_every_build_as_failed(fleet_app):
    app, driver = fleet_app
    spec = instance()
    app.tasks[tasks.BUILD](host="sim-003", instance=spec.to_dict())
    ((name, kwargs),) = app.sent
    assert (name, kwargs["host"]) == (tasks.BUILD_FAILED, "sim-003")
    assert "XCOMPUTE_SIMULATED_FAILING_HOSTS" in kwargs["message"]
    assert driver.drivers["sim-003"].instance_uuids() == []


def test_a_task_for_a_host_this_process_does_not_serve_fails_instead_of_building_elsewhere(fleet_app):
    app, driver = fleet_app
    app.tasks[tasks.BUILD](host="other-001", instance=instance().to_dict())
    ((name, kwargs),) = app.sent
    assert name == tasks.BUILD_FAILED and "not one of this process's simulated hosts" in kwargs["message"]
    assert all(not host_driver.instance_uuids() for host_driver in driver.drivers.values())


def test_one_round_heartbeats_every_host_once():
    app = RecordingApp()
    beats = [Heartbeat(app, host, "nova-compute", 10) for host in ("sim-001", "sim-002")]
    Rounds("heartbeats", beats, Heartbeat.beat, 10).run_round()
    assert app.sent == [(HEARTBEAT_TASK, {"host": "sim-001", "binary": "nova-compute"}),
                        (HEARTBEAT_TASK, {"host": "sim-002", "binary": "nova-compute"})]


def test_a_failing_host_in_a_round_does_not_stop_the_others():
    seen = []

    def act(item):
        seen.append(item)
        if item == "a":
            raise OSError("broker away")

    Rounds("reports", ["a", "b"], act, 10).run_round()
    assert seen == ["a", "b"]


def test_a_lifecycle_operation_runs_on_the_guest_of_the_host_it_names(fleet_app):
    app, driver = fleet_app
    spec = instance()
    driver.drivers["sim-002"].spawn(spec)
    app.tasks[operations.TASKS["stop"]](host="sim-002", instance_uuid=spec.uuid)
    assert app.sent == [(operations.DONE, {"instance_uuid": spec.uuid, "host": "sim-002", "operation": "stop",
                                           "power_state": SHUTDOWN})]
    app.tasks[operations.TASKS["start"]](host="sim-001", instance_uuid=spec.uuid)  # not that host's guest
    assert app.sent[-1][0] == operations.FAILED
