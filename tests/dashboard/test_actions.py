"""Admin actions go through the API's services: state checked and changed, recorded with the operator as actor."""
from django.contrib.messages import get_messages
from django.test import Client

from hosts.models import Service
from instances.models import Instance, InstanceAction
from tests.dashboard.conftest import PASSWORD
from tests.factories import make_service
from tests.instances.factories import make_instance

CHANGELIST = "/instances/instance/"


def act(client, path, action, rows, **extra):
    return client.post(path, {"action": action, "_selected_action": [row.pk for row in rows], **extra})


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_stop_sets_powering_off_and_records_an_action_by_the_operator(operator, identity_users):
    instance = make_instance("web", host="compute1")
    response = act(operator, CHANGELIST, "stop", [instance])
    assert response.status_code == 302
    instance.refresh_from_db()
    assert instance.task_state == "powering-off"
    action = InstanceAction.objects.get(instance=instance, action="stop")
    assert action.user_id == identity_users["ops"].id
    assert action.events.get().event == "compute_stop_instance"


def test_start_and_reboot_go_through_their_operations(operator):
    stopped = make_instance("off", host="compute1", vm_state="stopped")
    running = make_instance("on", host="compute1")
    act(operator, CHANGELIST, "start", [stopped])
    act(operator, CHANGELIST, "reboot", [running])
    assert Instance.objects.get(pk=stopped.pk).task_state == "powering-on"
    assert Instance.objects.get(pk=running.pk).task_state == "rebooting"
    assert set(InstanceAction.objects.values_list("action", flat=True)) == {"start", "reboot"}


def test_an_action_the_state_forbids_is_reported_as_a_409_message(operator):
    instance = make_instance("off", host="compute1", vm_state="stopped")
    response = act(operator, CHANGELIST, "stop", [instance])
    assert any("409" in message and "off" in message for message in messages_of(response))
    assert Instance.objects.get(pk=instance.pk).task_state is None
    assert not InstanceAction.objects.exists()


def test_delete_goes_through_the_api_delete(operator, identity_users):
    on_host = make_instance("on-host", host="compute1")
    scheduling = make_instance("scheduling", vm_state="building", task_state="scheduling")
    act(operator, CHANGELIST, "delete_instances", [on_host, scheduling])
    assert Instance.objects.get(pk=on_host.pk).task_state == "deleting"
    assert Instance.objects.get(pk=scheduling.pk).vm_state == "deleted"
    assert set(InstanceAction.objects.values_list("user_id", flat=True)) == {identity_users["ops"].id}


def test_services_are_disabled_with_a_reason_and_enabled_again(operator):
    service = make_service(host="compute1")
    act(operator, "/hosts/service/", "disable", [service], reason="maintenance")
    service.refresh_from_db()
    assert service.disabled and service.disabled_reason == "maintenance"
    act(operator, "/hosts/service/", "enable", [service])
    service.refresh_from_db()
    assert not service.disabled and service.disabled_reason is None


def test_a_conductor_cannot_be_disabled_and_the_operator_is_told(operator):
    service = make_service(host="ctl", binary="nova-conductor")
    response = act(operator, "/hosts/service/", "disable", [service])
    assert any("Only nova-compute services can be updated" in message for message in messages_of(response))
    assert not Service.objects.get(pk=service.pk).disabled


def test_an_action_posted_without_the_csrf_token_is_refused(identity_users):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/login/")
    token = page.cookies["csrftoken"].value
    assert client.post("/login/", {"username": "ops", "password": PASSWORD,
                                   "csrfmiddlewaretoken": token}).status_code == 302
    instance = make_instance("web", host="compute1")
    assert act(client, CHANGELIST, "stop", [instance]).status_code == 403
    assert Instance.objects.get(pk=instance.pk).task_state is None
