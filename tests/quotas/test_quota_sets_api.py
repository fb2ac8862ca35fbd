"""os-quota-sets: show, detail, defaults, update (with Nova's usage check and force), delete, per microversion."""
import pytest

from quotas.models import ProjectQuota
from server_groups.models import ServerGroup
from tests.instances.factories import make_flavor, make_instance

BASE = {"cores": 20, "instances": 10, "key_pairs": 100, "metadata_items": 128, "ram": 51200,
        "server_groups": 10, "server_group_members": 10}
NETWORK = {"fixed_ips": -1, "floating_ips": -1, "security_group_rules": -1, "security_groups": -1}
INJECTED = {"injected_files": 5, "injected_file_content_bytes": 10240, "injected_file_path_bytes": 255}


def quota_set(response, status=200) -> dict:
    assert response.status_code == status, response.content
    return response.json()["quota_set"]


@pytest.mark.parametrize(("version", "expected"), [
    ("2.1", {**BASE, **NETWORK, **INJECTED}),
    ("2.35", {**BASE, **NETWORK, **INJECTED}),
    ("2.36", {**BASE, **INJECTED}),
    ("2.56", {**BASE, **INJECTED}),
    ("2.57", BASE),
    ("2.96", BASE),
])
def test_show_gives_novas_defaults_with_the_resources_of_each_microversion(admin_api, version, expected):
    assert quota_set(admin_api.get("/v2.1/os-quota-sets/project-a", version=version)) == {"id": "project-a",
                                                                                          **expected}


def test_a_member_sees_its_own_projects_quotas_but_not_another_projects(member_api, reader_api):
    assert quota_set(member_api.get("/v2.1/os-quota-sets/project-a"))["instances"] == 10
    assert quota_set(reader_api.get("/v2.1/os-quota-sets/project-a/detail"))["instances"]["limit"] == 10
    for path in ("/v2.1/os-quota-sets/project-b", "/v2.1/os-quota-sets/project-b/detail"):
        response = member_api.get(path)
        assert response.status_code == 403
        assert "os_compute_api:os-quota-sets:" in response.json()["forbidden"]["message"]


def test_only_admins_set_or_revert_quotas_but_anyone_reads_the_defaults(member_api, reader_api, other_project_api):
    assert member_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {"instances": 50}}).status_code == 403
    assert member_api.delete("/v2.1/os-quota-sets/project-a").status_code == 403
    assert quota_set(other_project_api.get("/v2.1/os-quota-sets/project-a/defaults"))["instances"] == 10
    assert not ProjectQuota.objects.exists()


def test_update_sets_a_projects_limits_and_answers_without_the_id(admin_api):
    body = quota_set(admin_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {"instances": 2, "cores": "-1"}},
                                   version="2.57"))
    assert body == {**BASE, "instances": 2, "cores": -1}
    assert quota_set(admin_api.get("/v2.1/os-quota-sets/project-a"))["instances"] == 2
    assert quota_set(admin_api.get("/v2.1/os-quota-sets/project-b"))["instances"] == 10
    assert quota_set(admin_api.get("/v2.1/os-quota-sets/project-a/defaults"))["instances"] == 10


def test_a_limit_below_usage_is_refused_unless_forced_and_running_servers_stay(admin_api):
    flavor = make_flavor("q", "q", 2, 512, 1)
    servers = [make_instance(f"s{i}", flavor=flavor) for i in range(3)]
    response = admin_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {"instances": 2}})
    assert response.status_code == 400
    assert response.json()["badRequest"]["message"] == (
        "Quota limit 2 for instances must be greater than or equal to already used and reserved 3.")
    assert quota_set(admin_api.put("/v2.1/os-quota-sets/project-a",
                                   {"quota_set": {"instances": 2, "cores": 1, "force": "True"}}))["instances"] == 2
    detail = quota_set(admin_api.get("/v2.1/os-quota-sets/project-a/detail"))
    assert detail["instances"] == {"in_use": 3, "limit": 2, "reserved": 0}
    assert detail["cores"] == {"in_use": 6, "limit": 1, "reserved": 0}
    assert {server.vm_state for server in type(servers[0]).objects.all()} == {"active"}


def test_detail_counts_servers_and_groups_and_never_per_user_resources(admin_api):
    make_instance("a", flavor=make_flavor("q", "q", 2, 1024, 1))
    make_instance("gone", vm_state="deleted")
    make_instance("never-placed", vm_state="error")
    ServerGroup.objects.create(name="g", policy="affinity", project_id="project-a", user_id="alice")
    detail = quota_set(admin_api.get("/v2.1/os-quota-sets/project-a/detail", version="2.35"))
    assert detail["id"] == "project-a"
    assert detail["instances"]["in_use"] == 1 and detail["cores"]["in_use"] == 2 and detail["ram"]["in_use"] == 1024
    assert detail["server_groups"] == {"in_use": 1, "limit": 10, "reserved": 0}
    assert detail["key_pairs"]["in_use"] == detail["server_group_members"]["in_use"] == 0
    assert detail["floating_ips"] == {"in_use": 0, "limit": -1, "reserved": 0}


@pytest.mark.parametrize(("version", "field"), [("2.36", "floating_ips"), ("2.57", "injected_files"),
                                                ("2.1", "bogus")])
def test_update_refuses_resources_its_microversion_does_not_know(admin_api, version, field):
    response = admin_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {field: 1}}, version=version)
    assert response.status_code == 400
    assert "Additional properties are not allowed" in response.json()["badRequest"]["message"]


def test_update_refuses_the_networks_quota_and_values_below_minus_one(admin_api):
    response = admin_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {"networks": 1}}, version="2.35")
    assert response.json()["badRequest"]["message"] == "The networks quota has been removed"
    assert admin_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {"ram": -2}}).status_code == 400
    assert admin_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {"ram": "x"}}).status_code == 400
    assert admin_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {"ram": 2**31}}).status_code == 400


def test_before_2_36_network_quotas_can_be_set_and_shown(admin_api):
    body = quota_set(admin_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {"floating_ips": 3}}))
    assert body["floating_ips"] == 3


def test_delete_reverts_to_the_defaults_with_a_202(admin_api):
    admin_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {"instances": 2}})
    response = admin_api.delete("/v2.1/os-quota-sets/project-a")
    assert response.status_code == 202
    assert quota_set(admin_api.get("/v2.1/os-quota-sets/project-a"))["instances"] == 10


def test_per_user_quotas_are_refused_and_from_2_75_unknown_query_parameters_too(admin_api):
    response = admin_api.get("/v2.1/os-quota-sets/project-a?user_id=alice")
    assert response.json()["badRequest"]["message"] == "Per-user quotas are not supported."
    assert admin_api.get("/v2.1/os-quota-sets/project-a?foo=1", version="2.74").status_code == 200
    assert admin_api.get("/v2.1/os-quota-sets/project-a?foo=1", version="2.75").status_code == 400
