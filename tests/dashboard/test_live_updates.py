"""Live updates: the WebSocket consumer, the events the writers publish, and the service watch.

The consumer runs on the in-memory channel layer (tests/conftest.py); the sessions it reads come from
the database through another thread, so these tests commit (transactional_db).
"""
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from dashboard.live import service_watch
from dashboard.live.consumers import FORBIDDEN
from hosts import health
from hosts import services as registry
from hosts.models import Service
from instances import states
from instances.choices import TaskState, VmState
from tests.factories import make_service
from tests.instances.factories import make_image, make_instance, tiny_flavor
from xcompute_site.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)
HOST = "dashboard.example.org"


def headers(client: Client | None = None, origin: str | None = f"http://{HOST}"):
    result = [(b"host", HOST.encode())]
    if origin:
        result.append((b"origin", origin.encode()))
    if client is not None:
        result.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return result


def run(scenario):
    """Run an async scenario from this (sync) test; database work inside goes through sync_to_async."""
    return async_to_sync(scenario)()


async def connected(client: Client | None, origin: str | None = f"http://{HOST}"):
    communicator = WebsocketCommunicator(application, "/live/", headers=headers(client, origin))
    accepted, code = await communicator.connect(timeout=10)
    return communicator, accepted, code


def test_an_operator_receives_instance_changes_with_the_cells_of_the_page(operator):
    instance = make_instance("web", vm_state=VmState.BUILDING, task_state=TaskState.SPAWNING, host="compute1")

    async def scenario():
        communicator, accepted, _ = await connected(operator)
        assert accepted
        assert (await communicator.receive_json_from(timeout=5))["kind"] == "hello"
        await sync_to_async(states.transition)(instance.uuid, vm_state=VmState.ACTIVE, task_state=None,
                                               power_state=1)
        event = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return event

    event = run(scenario)
    assert event["kind"] == "instance" and event["id"] == str(instance.uuid) and event["status"] == "ACTIVE"
    assert f'data-live="instance:{instance.uuid}:status"' in event["cells"]["status"]
    assert ">ACTIVE<" in event["cells"]["status"] and ">RUNNING<" in event["cells"]["power_state"]
    # The same cell the list page renders: a live page and a reloaded one cannot differ.
    page = operator.get("/instances/instance/").content.decode()
    assert event["cells"]["status"] in page and event["cells"]["power_state"] not in page


def test_a_new_server_is_announced_when_the_api_creates_it(operator, admin_api, settings):
    flavor, image = tiny_flavor(), make_image()
    settings.ROOT_URLCONF = "xcompute_site.urls.compute"  # the operator's session is already made

    async def scenario():
        communicator, accepted, _ = await connected(operator)
        assert accepted
        await communicator.receive_json_from(timeout=5)
        response = await sync_to_async(admin_api.post)("/v2.1/servers", {"server": {
            "name": "announced", "flavorRef": flavor.flavorid, "imageRef": str(image.id), "networks": "none"}}, version="2.37")
        assert response.status_code == 202, response.content
        event = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return event

    event = run(scenario)
    assert event["kind"] == "instance" and event["status"] == "BUILD"


def test_an_anonymous_visitor_and_a_members_session_are_refused(identity_users, django_user_model):
    # A member cannot sign in to the dashboard; even a session of a Django staff user standing for
    # the member (made behind the sign-in's back) is no operator's: the identity admin role decides.
    member = Client()
    member.force_login(django_user_model.objects.create(username="alice", is_staff=True, is_superuser=True),
                       backend="dashboard.authentication.IdentityAdminBackend")

    async def scenario():
        results = []
        for client in (None, member):
            communicator, accepted, code = await connected(client)
            results.append((accepted, code))
        return results

    assert run(scenario) == [(False, FORBIDDEN), (False, FORBIDDEN)]


def test_a_page_of_another_origin_cannot_open_the_socket_even_with_the_cookie(operator):
    async def scenario():
        communicator, accepted, _ = await connected(operator, origin="http://evil.example")
        return accepted

    assert run(scenario) is False


def test_services_coming_up_going_down_and_being_disabled_are_announced(operator, settings):
    settings.XCOMPUTE_SERVICE_DOWN_TIME = 60
    stale = make_service(host="compute7", seen_ago=600)
    fresh = make_service(host="compute8", seen_ago=0)

    async def scenario():
        communicator, accepted, _ = await connected(operator)
        assert accepted
        await communicator.receive_json_from(timeout=5)
        events = []
        # A heartbeat from a service that was down brings it back; a fresh one's beat says nothing.
        await sync_to_async(registry.record_heartbeat)("compute7", "nova-compute")
        events.append(await communicator.receive_json_from(timeout=5))
        await sync_to_async(registry.record_heartbeat)("compute8", "nova-compute")
        service = await sync_to_async(Service.objects.get)(pk=stale.pk)
        await sync_to_async(registry.set_disabled)(service, True, "disk replacement")
        events.append(await communicator.receive_json_from(timeout=5))
        # Both stop beating: the watch sees their last beats cross the down time, once.
        now, later = timezone.now(), timezone.now() + timedelta(seconds=61)
        assert await sync_to_async(service_watch.announce)(now, later) == 2
        events.append([await communicator.receive_json_from(timeout=5) for _ in range(2)])
        assert await sync_to_async(service_watch.announce)(later, later + timedelta(seconds=10)) == 0
        assert await communicator.receive_nothing(timeout=0.3)
        await communicator.disconnect()
        return events

    came_up, disabled, went_down = run(scenario)
    assert (came_up["id"], came_up["state"]) == (str(stale.pk), "up")
    assert ">up<" in came_up["cells"]["state"]
    assert disabled["cells"]["status"].endswith(">disabled</span>") and "disk replacement" in disabled["cells"][
        "disabled_reason"]
    assert {(event["id"], event["cells"]["state"].count(">down<")) for event in went_down} == {
        (str(stale.pk), 1), (str(fresh.pk), 1)}


def test_the_watch_announces_each_service_once_per_crossing():
    now = timezone.now()
    make_service(host="a", seen_ago=65)    # crossed 60 s five seconds ago
    make_service(host="b", seen_ago=30)    # still up
    make_service(host="c", seen_ago=3600)  # long down: announced when it crossed, not again
    assert [service.host for service in service_watch.went_down(now - timedelta(seconds=10), now)] == ["a"]
    assert service_watch.went_down(now, now + timedelta(seconds=10)) == []
    assert health.state(Service.objects.get(host="a")) == "down"


def test_the_pages_of_an_operator_carry_the_live_script_and_cells(operator):
    instance = make_instance("web", host="compute1")
    make_service(host="compute1")
    listing = operator.get("/instances/instance/").content.decode()
    assert "dashboard/live.js" in listing and 'id="live-status"' in listing
    assert f'data-live="instance:{instance.uuid}:status"' in listing
    assert f'data-live="instance:{instance.uuid}:host"' in listing
    detail = operator.get(f"/instances/instance/{instance.pk}/change/").content.decode()
    assert f'data-live="instance:{instance.uuid}:power_state"' in detail
    services = operator.get("/hosts/service/").content.decode()
    assert 'data-live="service:' in services and ":state" in services
    assert "dashboard/live.js" not in Client().get("/login/").content.decode()


def test_the_script_is_served(operator):
    response = operator.get("/static/dashboard/live.js")
    assert response.status_code == 200
    assert b"periodic refresh" in b"".join(response.streaming_content)


@pytest.mark.parametrize("revoke", ["role", "sign-out"])
def test_an_open_socket_closes_when_its_session_stops_being_an_operators(operator, identity_users, settings,
                                                                         revoke):
    from identity.models import RoleAssignment

    settings.XCOMPUTE_DASHBOARD_SESSION_RECHECK_SECONDS = 0.2

    async def scenario():
        communicator, accepted, _ = await connected(operator)
        assert accepted
        await communicator.receive_json_from(timeout=5)
        assert await communicator.receive_nothing(timeout=0.5)  # still an operator: stays open
        if revoke == "role":
            await sync_to_async(lambda: RoleAssignment.objects.filter(
                user=identity_users["ops"], role__name="admin").delete())()
        else:
            await sync_to_async(operator.post)("/logout/")
        return await communicator.receive_output(timeout=5)

    assert run(scenario) == {"type": "websocket.close", "code": FORBIDDEN}
