"""The conductor writes what the host did with a server operation, and the whole hop on a simulated host."""
import pytest

from hostagent import tasks as agent_tasks
from hostagent.operations import TASKS
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import InstanceSpec
from instances import operations
from instances.lifecycle import instance_spec
from instances.models import Instance, InstanceAction, InstanceFault
from instances.services import server_actions
from openstack_api import request_id
from openstack_api.context import RequestContext
from tests.conftest import MEMBER_TOKEN
from tests.hostagent.test_tasks import RecordingApp
from tests.instances.factories import make_instance

REQUEST = "req-operation"


@pytest.fixture
def in_request():
    """The conductor's reports run under the request id of the action they finish."""
    token = request_id._current.set(REQUEST)
    yield REQUEST
    request_id._current.reset(token)


def underway(vm_state="active", task_state="powering-off", action="stop", **fields):
    instance = make_instance(host="hv1", node="hv1", vm_state=vm_state, task_state=task_state, power_state=1,
                             **fields)
    recorded = InstanceAction.objects.create(instance=instance, action=action, request_id=REQUEST,
                                             user_id="alice", project_id="project-a", start_time=instance.created_at)
    return instance, recorded


def states_of(instance):
    instance = Instance.objects.get(pk=instance.pk)
    return instance.vm_state, instance.task_state, instance.power_state


def test_a_stop_done_on_the_host_ends_stopped_with_its_event_and_action_finished(db, in_request):
    instance, action = underway()
    operations.done(str(instance.uuid), "hv1", "stop", 4)
    assert states_of(instance) == ("stopped", None, 4)
    action.refresh_from_db()
    assert action.finish_time is not None and action.message is None
    assert [(e.event, e.result, e.host) for e in action.events.all()] == [("compute_stop_instance", "Success", "hv1")]


def test_a_report_from_a_host_that_does_not_own_the_server_changes_nothing(db, in_request):
    instance, _ = underway()
    operations.done(str(instance.uuid), "intruder", "stop", 4)
    assert states_of(instance) == ("active", "powering-off", 1)


def test_a_report_that_lost_the_race_to_a_reset_state_keeps_the_admin_s_word(db, in_request):
    instance, action = underway(vm_state="error", task_state=None)
    operations.done(str(instance.uuid), "hv1", "stop", 4)
    assert states_of(instance) == ("error", None, 1)
    action.refresh_from_db()
    assert action.finish_time is not None  # the host's part is still on record


def test_a_failed_stop_clears_the_task_keeps_the_vm_state_and_records_a_fault(db, in_request):
    instance, action = underway()
    operations.failed(str(instance.uuid), "hv1", "stop", "libvirt could not power off", "Traceback...", 1)
    assert states_of(instance) == ("active", None, 1)
    fault = InstanceFault.objects.get(instance=instance)
    assert (fault.message, fault.details, fault.host) == ("libvirt could not power off", "Traceback...", "hv1")
    action.refresh_from_db()
    assert action.message == "Error"
    assert [(e.event, e.result, e.traceback) for e in action.events.all()] == [
        ("compute_stop_instance", "Error", "Traceback...")]


def test_a_failed_rebuild_is_an_error_and_a_failed_reboot_is_one_unless_the_guest_runs(db, in_request):
    rebuilt, _ = underway(task_state="rebuilding", action="rebuild")
    operations.failed(str(rebuilt.uuid), "hv1", "rebuild", "no disk", power_state=0)
    assert states_of(rebuilt) == ("error", None, 0)
    running, _ = underway(vm_state="paused", task_state="rebooting_hard", action="reboot")
    operations.failed(str(running.uuid), "hv1", "reboot", "hiccup", power_state=1)
    assert states_of(running)[:2] == ("active", None)
    down, _ = underway(task_state="rebooting", action="reboot")
    operations.failed(str(down.uuid), "hv1", "reboot", "no start", power_state=4)
    assert states_of(down)[:2] == ("error", None)


def test_a_rebuild_ends_as_its_guest_is_running_or_off(db, in_request):
    running, _ = underway(task_state="rebuilding", action="rebuild")
    operations.done(str(running.uuid), "hv1", "rebuild", 1)
    assert states_of(running) == ("active", None, 1)
    off, _ = underway(vm_state="stopped", task_state="rebuilding", action="rebuild")
    operations.done(str(off.uuid), "hv1", "rebuild", 4)
    assert states_of(off) == ("stopped", None, 4)


def test_every_operation_has_a_task_on_the_agent():
    assert {op.agent for op in operations.OPERATIONS.values()} == set(TASKS)


@pytest.fixture
def host(tmp_path):
    """A simulated host's agent: its tasks on a recording app, bound to a libvirt test driver."""
    app, driver = RecordingApp(), LibvirtDriver("test:///default", str(tmp_path))
    agent_tasks.register(app, driver=driver)
    yield app, driver
    for leftover in driver.instance_uuids():
        driver.destroy(leftover)
    driver.close()


def test_a_server_goes_through_its_lifecycle_from_the_api_over_its_host_to_the_conductor(
        db, host, in_request, monkeypatch, django_capture_on_commit_callbacks):
    # given a server whose guest runs on a simulated host, and casts that reach that host's tasks
    app, driver = host
    instance = make_instance(host="hv1", node="hv1", power_state=1)
    driver.spawn(InstanceSpec.from_dict(instance_spec(instance)))
    monkeypatch.setattr(server_actions, "cast", lambda host_name, task, **kwargs: app.tasks[task](
        host=host_name, **kwargs))
    user, project = MEMBER_TOKEN.split(":")
    context = RequestContext(user_id=user, project_id=project, roles=("member", "reader"))
    for name, expected in (("pause", ("paused", None, 3)), ("unpause", ("active", None, 1)),
                           ("suspend", ("suspended", None, 4)), ("resume", ("active", None, 1)),
                           ("stop", ("stopped", None, 4)), ("start", ("active", None, 1)),
                           ("reboot", ("active", None, 1)), ("reboot_hard", ("active", None, 1))):
        # when the API starts the operation, the host runs it and the conductor takes its report
        with django_capture_on_commit_callbacks(execute=True):
            server_actions.begin(context, Instance.objects.get(pk=instance.pk), name)
        ((report, kwargs),) = app.sent
        app.sent.clear()
        assert report == "conductor.instance_operation_done", kwargs
        operations.done(**kwargs)
        # then the server is where the operation leaves it
        assert states_of(instance) == expected, name
