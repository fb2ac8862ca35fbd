"""POST /servers/{id}/action: Nova's bodies, states, 409s, policies and locks; the host's part is recorded."""
import pytest

from instances.models import Instance, InstanceAction
from instances.services import server_actions
from tests.instances.factories import make_image, make_instance
from xcompute_site import calls


@pytest.fixture(autouse=True)
def casts(monkeypatch):
    """What would be sent to the hosts' queues, as (host, task, kwargs)."""
    sent = []
    monkeypatch.setattr(server_actions, "cast", lambda host, task, **kwargs: sent.append((host, task, kwargs)))
    return sent


@pytest.fixture
def act(member_api, django_capture_on_commit_callbacks):
    """`act(instance, body, api=member, version=...)`: POST the action, commit callbacks run."""

    def post(instance, body, api=None, version="2.96"):
        with django_capture_on_commit_callbacks(execute=True):
            return (api or member_api).post(f"/v2.1/servers/{instance.uuid}/action", body, version=version)

    return post


def on_host(**fields):
    return make_instance(host="hv1", node="hv1", power_state=fields.pop("power_state", 1), **fields)


def reloaded(instance) -> Instance:
    return Instance.objects.get(pk=instance.pk)


def error(response) -> tuple[int, str]:
    ((name, body),) = response.json().items()
    return response.status_code, body["message"]


def test_stopping_an_active_server_sets_powering_off_records_the_action_and_casts_to_its_host(act, casts):
    instance = on_host()
    response = act(instance, {"os-stop": None})
    assert response.status_code == 202 and response.content == b""
    assert reloaded(instance).task_state == "powering-off"
    assert casts == [("hv1", "compute.stop_instance", {"instance_uuid": str(instance.uuid)})]
    action = InstanceAction.objects.get(instance=instance)
    assert (action.action, action.user_id, action.finish_time) == ("stop", "alice", None)
    assert [(e.event, e.host, e.finish_time) for e in action.events.all()] == [("compute_stop_instance", "hv1", None)]


@pytest.mark.parametrize(("body", "vm_state", "word"), [
    ({"os-stop": None}, "stopped", "stop"),
    ({"os-start": None}, "active", "start"),
    ({"reboot": {"type": "SOFT"}}, "paused", "reboot"),
    ({"pause": None}, "suspended", "pause"),
    ({"unpause": None}, "active", "unpause"),
    ({"suspend": None}, "stopped", "suspend"),
    ({"resume": None}, "paused", "resume"),
    ({"rebuild": {"imageRef": "6a1f2e3d-0000-4000-8000-000000000001"}}, "paused", "rebuild"),
])
def test_an_action_the_vm_state_does_not_allow_is_nova_s_409(act, casts, body, vm_state, word):
    instance = on_host(vm_state=vm_state)
    assert error(act(instance, body)) == (
        409, f"Cannot '{word}' instance {instance.uuid} while it is in vm_state {vm_state}")
    assert casts == [] and reloaded(instance).task_state is None


def test_an_action_while_another_runs_is_refused_by_task_state(act):
    instance = on_host(task_state="pausing")
    assert error(act(instance, {"os-stop": None})) == (
        409, f"Cannot 'stop' instance {instance.uuid} while it is in task_state pausing")


@pytest.mark.parametrize(("body", "vm_state", "task", "task_state", "options"), [
    ({"os-start": None}, "stopped", "compute.start_instance", "powering-on", {}),
    ({"os-stop": None}, "error", "compute.stop_instance", "powering-off", {}),
    ({"reboot": {"type": "soft"}}, "active", "compute.reboot_instance", "rebooting", {"hard": False}),
    ({"reboot": {"type": "HARD"}}, "suspended", "compute.reboot_instance", "rebooting_hard", {"hard": True}),
    ({"pause": None}, "active", "compute.pause_instance", "pausing", {}),
    ({"unpause": None}, "paused", "compute.unpause_instance", "unpausing", {}),
    ({"suspend": None}, "active", "compute.suspend_instance", "suspending", {}),
    ({"resume": None}, "suspended", "compute.resume_instance", "resuming", {}),
])
def test_each_operation_sets_nova_s_task_state_and_casts_its_task(act, casts, body, vm_state, task, task_state,
                                                                    options):
    instance = on_host(vm_state=vm_state)
    assert act(instance, body).status_code == 202
    assert reloaded(instance).task_state == task_state
    assert casts == [("hv1", task, {"instance_uuid": str(instance.uuid), **options})]


def test_a_hard_reboot_may_interrupt_a_soft_one_but_not_the_other_way_round(act):
    instance = on_host(task_state="rebooting")
    assert error(act(instance, {"reboot": {"type": "SOFT"}}))[0] == 409
    assert act(instance, {"reboot": {"type": "HARD"}}).status_code == 202
    assert reloaded(instance).task_state == "rebooting_hard"


def test_a_reboot_needs_a_known_type(act):
    status, message = error(act(on_host(), {"reboot": {"type": "warm"}}))
    assert status == 400 and message.startswith("Invalid input for field/attribute type. Value: warm.")


def test_unknown_actions_and_bodies_with_several_keys_are_400s(act):
    instance = on_host()
    assert error(act(instance, {"levitate": None})) == (400, "There is no such action: levitate")
    assert error(act(instance, {"pause": None, "unpause": None})) == (400, "Malformed message body: too many body keys")


def test_a_server_on_no_host_is_not_ready(act):
    instance = make_instance(vm_state="error")
    assert error(act(instance, {"os-stop": None})) == (409, f"Instance {instance.uuid} is not ready")


def test_another_project_s_server_is_not_found_and_a_reader_may_not_act(act, other_project_api, reader_api):
    instance = on_host()
    assert act(instance, {"pause": None}, api=other_project_api).status_code == 404
    assert error(act(instance, {"pause": None}, api=reader_api)) == (
        403, "Policy doesn't allow os_compute_api:os-pause-server:pause to be performed.")


def test_an_operator_s_policy_file_decides_who_may_stop_servers(act, policy_file, admin_api):
    policy_file({"os_compute_api:servers:stop": "rule:context_is_admin"})
    instance = on_host()
    assert act(instance, {"os-stop": None}).status_code == 403
    assert act(instance, {"os-stop": None}, api=admin_api).status_code == 202


def test_a_locked_server_refuses_its_owner_s_actions_but_not_an_admin_s(act, admin_api, casts):
    instance = on_host(locked=True, locked_by="owner")
    assert error(act(instance, {"os-stop": None})) == (409, f"Instance {instance.uuid} is locked")
    assert act(instance, {"os-stop": None}, api=admin_api).status_code == 202
    assert len(casts) == 1


def test_lock_with_a_reason_shows_in_the_server_and_unlock_clears_it(act, member_api):
    instance = on_host()
    assert act(instance, {"lock": {"locked_reason": "maintenance"}}).status_code == 202
    shown = member_api.get(f"/v2.1/servers/{instance.uuid}", version="2.73").json()["server"]
    assert (shown["locked"], shown["locked_reason"]) == (True, "maintenance")
    assert reloaded(instance).locked_by == "owner"
    assert act(instance, {"unlock": None}).status_code == 202
    shown = member_api.get(f"/v2.1/servers/{instance.uuid}", version="2.73").json()["server"]
    assert (shown["locked"], shown["locked_reason"]) == (False, None)
    actions = InstanceAction.objects.filter(instance=instance).order_by("id")
    assert [(a.action, [e.event for e in a.events.all()], a.finish_time is not None) for a in actions] == [
        ("lock", ["api_lock"], True), ("unlock", ["api_unlock"], True)]


def test_a_locked_reason_needs_2_73_and_must_not_be_empty(act):
    instance = on_host()
    assert error(act(instance, {"lock": {"locked_reason": ""}}))[0] == 400
    assert act(instance, {"lock": {"locked_reason": "ignored"}}, version="2.72").status_code == 202
    assert reloaded(instance).locked_reason is None


def test_an_admin_s_lock_is_undone_only_with_unlock_override(act, admin_api, policy_file):
    instance = on_host()
    assert act(instance, {"lock": None}, api=admin_api).status_code == 202
    assert reloaded(instance).locked_by == "admin"
    assert error(act(instance, {"unlock": None})) == (
        403, "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.")
    assert act(instance, {"unlock": None}, api=admin_api).status_code == 202
    assert reloaded(instance).locked is False


def test_reset_state_is_for_admins_and_clears_whatever_task_runs(act, admin_api):
    instance = on_host(task_state="powering-off")
    assert error(act(instance, {"os-resetState": {"state": "error"}}))[0] == 403
    assert act(instance, {"os-resetState": {"state": "error"}}, api=admin_api).status_code == 202
    instance = reloaded(instance)
    assert (instance.vm_state, instance.task_state) == ("error", None)
    assert InstanceAction.objects.get(instance=instance).action == "resetState"
    assert error(act(instance, {"os-resetState": {"state": "paused"}}, api=admin_api))[0] == 400


@pytest.fixture
def new_image(db):
    return make_image(name="new", min_disk=1, min_ram=128)


def test_a_rebuild_changes_image_name_and_metadata_and_answers_the_server_with_a_password(act, casts, new_image):
    instance = on_host(metadata={"old": "1"}, flavor=None)
    response = act(instance, {"rebuild": {"imageRef": str(new_image.id), "name": "renamed",
                                          "metadata": {"new": "2"}, "adminPass": "s3cret"}})
    assert response.status_code == 202
    server = response.json()["server"]
    assert (server["status"], server["name"], server["metadata"]) == ("REBUILD", "renamed", {"new": "2"})
    assert server["image"]["id"] == str(new_image.id) and server["adminPass"] == "s3cret"
    assert response["Location"].endswith(f"/v2.1/servers/{instance.uuid}")
    ((host, task, kwargs),) = casts
    assert (host, task, kwargs["power_on"]) == ("hv1", "compute.rebuild_instance", True)
    assert kwargs["instance"]["image_uuid"] == str(new_image.id)
    assert InstanceAction.objects.get(instance=instance).action == "rebuild"


def test_a_stopped_server_is_rebuilt_to_stay_off_and_older_versions_get_the_short_body(act, casts, new_image):
    instance = on_host(vm_state="stopped", power_state=4)
    response = act(instance, {"rebuild": {"imageRef": str(new_image.id)}}, version="2.57")
    server = response.json()["server"]
    assert casts[0][2]["power_on"] is False
    assert "OS-EXT-STS:vm_state" not in server and server["key_name"] is None and "user_data" in server
    assert len(server["adminPass"]) == 12


def test_a_rebuild_from_an_image_that_does_not_exist_or_does_not_fit_is_a_400(act, casts):
    instance = on_host()
    missing = act(instance, {"rebuild": {"imageRef": "6a1f2e3d-0000-4000-8000-00000000ffff"}})
    assert error(missing) == (400, "Cannot find image for rebuild")
    big = make_image(name="big", min_ram=1_000_000)
    assert error(act(instance, {"rebuild": {"imageRef": str(big.id)}})) == (
        400, "Flavor's memory is too small for requested image.")
    assert casts == [] and reloaded(instance).task_state is None


def test_console_output_asks_the_host_and_strips_control_characters(act, monkeypatch):
    asked = []

    def answer(app, name, kwargs, timeout):
        asked.append((name, kwargs))
        return {"output": "boot\r\nXCOMPUTE-GUEST-READY\x1b[0m\n"}

    monkeypatch.setattr(calls, "call", answer)
    instance = on_host()
    response = act(instance, {"os-getConsoleOutput": {"length": "5"}})
    assert (response.status_code, response.json()) == (200, {"output": "boot\nXCOMPUTE-GUEST-READY[0m\n"})
    assert asked == [("compute.get_console_output", {"host": "hv1", "instance_uuid": str(instance.uuid),
                                                     "length": 5})]


def test_console_output_of_a_guest_the_host_lacks_is_404_and_a_silent_host_a_compute_fault(act, monkeypatch):
    instance = on_host()
    monkeypatch.setattr(calls, "call", lambda *a, **k: {"error": "InstanceNotFound", "message": "no guest"})
    assert error(act(instance, {"os-getConsoleOutput": {}}))[0] == 404

    def silent(*args, **kwargs):
        raise calls.CallTimeout("no answer")

    monkeypatch.setattr(calls, "call", silent)
    response = act(instance, {"os-getConsoleOutput": {"length": None}})
    assert response.status_code == 500 and "computeFault" in response.json()
    assert error(act(instance, {"os-getConsoleOutput": {"length": -2}}))[0] == 400


def test_an_empty_accept_header_as_openstacksdk_sends_with_actions_is_taken_as_json(member_api, casts):
    instance = on_host()
    response = member_api.client.post(f"/v2.1/servers/{instance.uuid}/action", data='{"pause": null}',
                                      content_type="application/json",
                                      headers={**member_api.headers("2.96"), "Accept": ""})
    assert response.status_code == 202
