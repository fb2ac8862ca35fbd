"""os-services through the Compute API: both forms, every microversion boundary, policy and errors."""
import pytest

from hosts.models import Service
from tests.factories import make_service


@pytest.fixture
def compute(db):
    return make_service("compute1", "nova-compute")


@pytest.fixture
def conductor(db):
    return make_service("ctl1", "nova-conductor")


class TestList:
    def test_at_2_1_ids_are_integers_and_forced_down_is_absent(self, admin_api, compute, conductor):
        services = admin_api.get("/v2.1/os-services").json()["services"]
        assert [s["id"] for s in services] == [compute.id, conductor.id]
        assert "forced_down" not in services[0]
        assert services[0] == {
            "id": compute.id, "binary": "nova-compute", "host": "compute1", "zone": "nova",
            "status": "enabled", "state": "up", "disabled_reason": None,
            "updated_at": services[0]["updated_at"],
        }
        assert services[1]["zone"] == "internal"

    def test_from_2_11_forced_down_is_listed(self, admin_api, compute):
        service = admin_api.get("/v2.1/os-services", version="2.11").json()["services"][0]
        assert service["forced_down"] is False

    def test_from_2_53_ids_are_uuids(self, admin_api, compute):
        service = admin_api.get("/v2.1/os-services", version="2.53").json()["services"][0]
        assert service["id"] == str(compute.uuid)

    def test_filters_by_host_and_binary(self, admin_api, compute, conductor):
        by_host = admin_api.get("/v2.1/os-services?host=ctl1").json()["services"]
        by_binary = admin_api.get("/v2.1/os-services?binary=nova-compute").json()["services"]
        assert [s["host"] for s in by_host] == ["ctl1"]
        assert [s["binary"] for s in by_binary] == ["nova-compute"]

    def test_a_service_turns_down_after_service_down_time_without_heartbeats(self, admin_api, clock, settings):
        settings.XCOMPUTE_SERVICE_DOWN_TIME = 60
        service = make_service("compute1", "nova-compute")
        Service.objects.filter(pk=service.pk).update(last_seen_up=clock.now)
        clock.advance(30)
        assert admin_api.get("/v2.1/os-services").json()["services"][0]["state"] == "up"
        clock.advance(31)
        assert admin_api.get("/v2.1/os-services").json()["services"][0]["state"] == "down"


class TestLegacyUpdate:
    def test_disable_with_a_reason_then_enable_round_trips(self, admin_api, compute):
        body = {"host": "compute1", "binary": "nova-compute", "disabled_reason": "maintenance"}
        response = admin_api.put("/v2.1/os-services/disable-log-reason", body)
        assert response.status_code == 200
        assert response.json() == {"service": {**body, "status": "disabled"}}
        listed = admin_api.get("/v2.1/os-services").json()["services"][0]
        assert (listed["status"], listed["disabled_reason"]) == ("disabled", "maintenance")

        response = admin_api.put("/v2.1/os-services/enable", {"host": "compute1", "binary": "nova-compute"})
        assert response.json() == {"service": {"host": "compute1", "binary": "nova-compute", "status": "enabled"}}
        listed = admin_api.get("/v2.1/os-services").json()["services"][0]
        assert (listed["status"], listed["disabled_reason"]) == ("enabled", None)

    def test_disable_without_a_reason(self, admin_api, compute):
        response = admin_api.put("/v2.1/os-services/disable", {"host": "compute1", "binary": "nova-compute"})
        assert response.json()["service"]["status"] == "disabled"

    def test_disable_log_reason_requires_the_reason(self, admin_api, compute):
        response = admin_api.put("/v2.1/os-services/disable-log-reason", {"host": "compute1", "binary": "nova-compute"})
        assert response.status_code == 400
        assert response.json()["badRequest"]["message"] == "Missing disabled reason field"

    def test_force_down_exists_from_2_11(self, admin_api, compute):
        body = {"host": "compute1", "binary": "nova-compute", "forced_down": True}
        assert admin_api.put("/v2.1/os-services/force-down", body, version="2.10").status_code == 404
        response = admin_api.put("/v2.1/os-services/force-down", body, version="2.11")
        assert response.json() == {"service": body}
        assert admin_api.get("/v2.1/os-services", version="2.11").json()["services"][0]["state"] == "down"

    def test_an_unknown_action_is_not_found(self, admin_api, compute):
        response = admin_api.put("/v2.1/os-services/reboot", {"host": "compute1", "binary": "nova-compute"})
        assert response.status_code == 404
        assert response.json() == {"itemNotFound": {"code": 404, "message": "Unknown action"}}

    def test_an_unknown_host_is_not_found(self, admin_api, compute):
        response = admin_api.put("/v2.1/os-services/disable", {"host": "nowhere", "binary": "nova-compute"})
        assert response.status_code == 404
        assert "nowhere" in response.json()["itemNotFound"]["message"]

    def test_only_nova_compute_can_be_disabled(self, admin_api, conductor):
        response = admin_api.put("/v2.1/os-services/disable", {"host": "ctl1", "binary": "nova-conductor"})
        assert response.status_code == 400
        assert "Only nova-compute services can be updated" in response.json()["badRequest"]["message"]
        assert not Service.objects.get(pk=conductor.pk).disabled


class TestUpdateById:
    def url(self, service):
        return f"/v2.1/os-services/{service.uuid}"

    def test_disable_with_a_reason_returns_the_whole_service(self, admin_api, compute):
        response = admin_api.put(self.url(compute), {"status": "disabled", "disabled_reason": "maintenance"},
                                 version="2.53")
        assert response.status_code == 200
        service = response.json()["service"]
        assert service["id"] == str(compute.uuid)
        assert (service["status"], service["disabled_reason"], service["forced_down"]) == (
            "disabled", "maintenance", False)

    def test_enable_clears_the_reason(self, admin_api, compute):
        admin_api.put(self.url(compute), {"status": "disabled", "disabled_reason": "x"}, version="2.53")
        service = admin_api.put(self.url(compute), {"status": "enabled"}, version="2.53").json()["service"]
        assert (service["status"], service["disabled_reason"]) == ("enabled", None)

    def test_forced_down_and_back_up(self, admin_api, compute):
        assert admin_api.put(self.url(compute), {"forced_down": True}, version="2.53").json()["service"]["state"] == "down"
        assert admin_api.put(self.url(compute), {"forced_down": "false"}, version="2.53").json()["service"]["state"] == "up"

    def test_a_reason_with_status_enabled_is_refused(self, admin_api, compute):
        response = admin_api.put(self.url(compute), {"status": "enabled", "disabled_reason": "x"}, version="2.53")
        assert response.status_code == 400
        assert "disabled_reason" in response.json()["badRequest"]["message"]

    def test_an_empty_update_is_refused(self, admin_api, compute):
        response = admin_api.put(self.url(compute), {}, version="2.53")
        assert response.status_code == 400
        assert "No updates were requested" in response.json()["badRequest"]["message"]

    def test_a_non_uuid_id_is_a_bad_request(self, admin_api, compute):
        response = admin_api.put("/v2.1/os-services/disable", {"status": "disabled"}, version="2.53")
        assert response.json() == {"badRequest": {"code": 400, "message": "Invalid uuid disable"}}

    def test_an_unknown_uuid_is_not_found(self, admin_api, compute):
        response = admin_api.put("/v2.1/os-services/5e7b4ed0-7dbb-4c6b-9d3c-000000000000", {"status": "enabled"},
                                 version="2.53")
        assert response.status_code == 404


class TestDelete:
    def test_delete_by_integer_id_before_2_53(self, admin_api, compute):
        assert admin_api.delete(f"/v2.1/os-services/{compute.id}").status_code == 204
        assert not Service.objects.exists()

    def test_delete_by_uuid_from_2_53(self, admin_api, compute):
        assert admin_api.delete(f"/v2.1/os-services/{compute.uuid}", version="2.53").status_code == 204
        assert not Service.objects.exists()

    def test_deleting_a_missing_service_is_not_found(self, admin_api, compute):
        response = admin_api.delete("/v2.1/os-services/999999")
        assert response.json() == {"itemNotFound": {"code": 404, "message": "Service 999999 not found."}}


class TestPolicy:
    @pytest.mark.parametrize("client", ["member_api", "reader_api"])
    def test_non_admins_are_forbidden_to_list_update_and_delete(self, request, client, compute):
        api = request.getfixturevalue(client)
        for response, rule in [
            (api.get("/v2.1/os-services"), "list"),
            (api.put("/v2.1/os-services/disable", {"host": "compute1", "binary": "nova-compute"}), "update"),
            (api.delete(f"/v2.1/os-services/{compute.id}"), "delete"),
        ]:
            assert response.status_code == 403
            assert response.json() == {"forbidden": {
                "code": 403, "message": f"Policy doesn't allow os_compute_api:os-services:{rule} to be performed."}}
        assert Service.objects.filter(disabled=False).count() == 1

    def test_a_request_without_a_token_is_unauthorized(self, anonymous_api, compute):
        response = anonymous_api.get("/v2.1/os-services")
        assert response.status_code == 401
        assert response.json()["unauthorized"]["code"] == 401

    def test_a_malformed_token_is_unauthorized(self, compute):
        from tests.conftest import APIClient

        for token in (":project", "user:", "a:b:c:d"):
            assert APIClient(token=token).get("/v2.1/os-services").status_code == 401

    def test_a_token_without_a_project_is_a_user_without_roles(self, compute):
        from tests.conftest import APIClient

        assert APIClient(token="nobody").get("/v2.1/os-services").status_code == 403
        assert APIClient(token="admin").get("/v2.1/os-services").status_code == 200

    def test_a_policy_file_overrides_a_default_rule(self, member_api, compute, policy_file):
        policy_file({"os_compute_api:os-services:list": "role:member"})
        assert member_api.get("/v2.1/os-services").status_code == 200
        assert member_api.delete(f"/v2.1/os-services/{compute.id}").status_code == 403

    def test_development_tokens_are_refused_unless_asked_for(self, admin_api, compute, settings):
        settings.XCOMPUTE_DEVELOPMENT_TOKENS = False
        assert admin_api.get("/v2.1/os-services").status_code == 401


class TestBadBodies:
    def test_an_unexpected_property_is_named(self, admin_api, compute):
        response = admin_api.put("/v2.1/os-services/disable",
                                 {"host": "compute1", "binary": "nova-compute", "colour": "red"})
        assert response.status_code == 400
        assert "'colour' was unexpected" in response.json()["badRequest"]["message"]

    def test_a_wrongly_typed_field_is_named(self, admin_api, compute):
        response = admin_api.put(f"/v2.1/os-services/{compute.uuid}", {"status": "sleeping"}, version="2.53")
        message = response.json()["badRequest"]["message"]
        assert response.status_code == 400
        assert message.startswith("Invalid input for field/attribute status. Value: sleeping.")

    def test_a_missing_required_field_is_named(self, admin_api, compute):
        response = admin_api.put("/v2.1/os-services/disable", {"host": "compute1"})
        assert response.status_code == 400
        assert "'binary' is a required property" in response.json()["badRequest"]["message"]

    def test_malformed_json_is_a_bad_request(self, admin_api, compute):
        response = admin_api.put("/v2.1/os-services/disable", raw="{not json")
        assert response.status_code == 400
        assert response.json()["badRequest"]["code"] == 400

    def test_a_body_that_is_not_an_object_is_a_bad_request(self, admin_api, compute):
        response = admin_api.put(f"/v2.1/os-services/{compute.uuid}", raw="[1, 2]", version="2.53")
        assert response.status_code == 400
        assert "badRequest" in response.json()


NASTY_LEGACY_BODIES = [
    "null", "[]", '"text"', "42", "true", '{"host": null, "binary": "nova-compute"}',
    '{"host": "' + "h" * 300 + '", "binary": "nova-compute"}', '{"host": {"a": 1}, "binary": []}',
    '{"host": "compute1", "binary": "nova-compute", "disabled_reason": ""}', '{"host": "\\u0000", "binary": "x"}',
]
NASTY_V253_BODIES = [
    "null", '{"status": null}', '{"forced_down": "maybe"}', '{"status": "DISABLED"}',
    '{"disabled_reason": "' + "r" * 300 + '", "status": "disabled"}', '{"forced_down": 1}',
]


@pytest.mark.parametrize("raw", NASTY_LEGACY_BODIES)
def test_bad_legacy_bodies_are_400s_never_500s(admin_api, compute, raw):
    response = admin_api.put("/v2.1/os-services/disable-log-reason", raw=raw)
    assert response.status_code == 400, response.content
    assert response.json()["badRequest"]["message"]
    assert not Service.objects.get(pk=compute.pk).disabled


@pytest.mark.parametrize("raw", NASTY_V253_BODIES)
def test_bad_2_53_bodies_are_400s_never_500s(admin_api, compute, raw):
    response = admin_api.put(f"/v2.1/os-services/{compute.uuid}", raw=raw, version="2.53")
    assert response.status_code == 400, response.content
    assert response.json()["badRequest"]["message"]
    assert not Service.objects.get(pk=compute.pk).disabled


@pytest.mark.parametrize("path", ["/v2.1/os-services/%00", "/v2.1/os-services/" + "9" * 40,
                                  "/v2.1/os-services?host=%00", "/v2.1/os-services?binary=" + "b" * 5000])
def test_odd_ids_and_filters_never_500(admin_api, compute, path):
    method = admin_api.get if "?" in path else admin_api.delete
    assert method(path).status_code in (200, 400, 404)
