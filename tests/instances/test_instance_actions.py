"""Instance actions: the service the conductor calls, and os-instance-actions per microversion and policy."""
import pytest

from instances import actions
from instances.models import InstanceAction
from openstack_api.context import RequestContext
from tests.instances.factories import make_instance, soft_deleted

CONTEXT = RequestContext("alice", "project-a", ("member", "reader"))


@pytest.fixture
def server_with_action(db):
    instance = make_instance()
    InstanceAction.objects.create(instance=instance, action="create", request_id="req-1", user_id="alice",
                                  project_id="project-a", start_time="2026-01-01T00:00:00Z")
    actions.event_start(instance.uuid, "req-1", "compute__do_build_and_run_instance", host="node1")
    actions.event_finish(instance.uuid, "req-1", "compute__do_build_and_run_instance", result="Error",
                         traceback="Traceback...", host="node1")
    return instance


class TestService:
    def test_a_failed_event_marks_the_action_error(self, server_with_action):
        action = InstanceAction.objects.get(request_id="req-1")
        [event] = action.events.all()
        assert (action.message, event.result, event.host, event.traceback) == ("Error", "Error", "node1",
                                                                                "Traceback...")
        assert event.finish_time >= event.start_time

    def test_events_of_an_unknown_request_are_refused(self, server_with_action):
        with pytest.raises(actions.InstanceActionNotFound):
            actions.event_start(server_with_action.uuid, "req-unknown", "x")


class TestAPI:
    def test_the_list_shows_the_actions_newest_first(self, member_api, server_with_action):
        body = member_api.get(f"/v2.1/servers/{server_with_action.uuid}/os-instance-actions").json()
        [action] = body["instanceActions"]
        assert (action["action"], action["request_id"], action["message"]) == ("create", "req-1", "Error")
        assert "updated_at" not in action

    def test_from_2_58_the_list_pages_with_a_marker_and_a_next_link(self, member_api, server_with_action):
        InstanceAction.objects.create(instance=server_with_action, action="delete", request_id="req-2",
                                      start_time="2026-01-02T00:00:00Z")
        url = f"/v2.1/servers/{server_with_action.uuid}/os-instance-actions"
        first = member_api.get(f"{url}?limit=1", version="2.58").json()
        assert [a["request_id"] for a in first["instanceActions"]] == ["req-2"]
        assert "updated_at" in first["instanceActions"][0]
        assert first["links"][0]["href"].endswith("limit=1&marker=req-2")
        second = member_api.get(f"{url}?limit=1&marker=req-2", version="2.58").json()
        assert [a["request_id"] for a in second["instanceActions"]] == ["req-1"]
        assert member_api.get(f"{url}?marker=nope", version="2.58").status_code == 400

    def test_members_see_events_from_2_51_without_traceback_and_admins_with_it(
            self, member_api, admin_api, server_with_action):
        url = f"/v2.1/servers/{server_with_action.uuid}/os-instance-actions/req-1"
        assert "events" not in member_api.get(url, version="2.50").json()["instanceAction"]
        [event] = member_api.get(url, version="2.62").json()["instanceAction"]["events"]
        assert "traceback" not in event and "host" not in event and event["hostId"]
        [event] = admin_api.get(url, version="2.62").json()["instanceAction"]["events"]
        assert (event["traceback"], event["host"]) == ("Traceback...", "node1")

    def test_an_unknown_action_is_a_404(self, member_api, server_with_action):
        response = member_api.get(f"/v2.1/servers/{server_with_action.uuid}/os-instance-actions/req-9")
        assert response.json()["itemNotFound"]["message"] == "Action req-9 not found"

    def test_from_2_21_a_deleted_servers_actions_stay_visible(self, member_api, server_with_action):
        soft_deleted(server_with_action)
        url = f"/v2.1/servers/{server_with_action.uuid}/os-instance-actions"
        assert member_api.get(url, version="2.20").status_code == 404
        assert member_api.get(url, version="2.21").status_code == 200
