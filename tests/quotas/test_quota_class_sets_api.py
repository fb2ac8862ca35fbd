"""os-quota-class-sets: the defaults (admins only), per microversion; projects fall back to the class."""
import pytest

from tests.quotas.test_quota_sets_api import BASE, INJECTED, NETWORK

SERVER_GROUPS = {"server_groups": 10, "server_group_members": 10}
NO_GROUPS = {k: v for k, v in BASE.items() if k not in SERVER_GROUPS}


def class_set(response, status=200) -> dict:
    assert response.status_code == status, response.content
    return response.json()["quota_class_set"]


@pytest.mark.parametrize(("version", "expected"), [
    ("2.1", {**NO_GROUPS, **NETWORK, **INJECTED}),
    ("2.49", {**NO_GROUPS, **NETWORK, **INJECTED}),
    ("2.50", {**BASE, **INJECTED}),
    ("2.57", BASE),
])
def test_the_default_class_shows_each_microversions_resources(admin_api, version, expected):
    assert class_set(admin_api.get("/v2.1/os-quota-class-sets/default", version=version)) == {"id": "default",
                                                                                              **expected}


def test_setting_the_default_class_changes_every_projects_default_but_not_its_own_limits(admin_api, settings):
    settings.XCOMPUTE_QUOTA_CORES = 40
    admin_api.put("/v2.1/os-quota-sets/project-b", {"quota_set": {"instances": 3}})
    body = class_set(admin_api.put("/v2.1/os-quota-class-sets/default",
                                   {"quota_class_set": {"instances": 7, "server_groups": 2}}, version="2.50"))
    assert "id" not in body and body["instances"] == 7 and body["server_groups"] == 2 and body["cores"] == 40
    project_a = admin_api.get("/v2.1/os-quota-sets/project-a").json()["quota_set"]
    assert (project_a["instances"], project_a["server_groups"], project_a["cores"]) == (7, 2, 40)
    assert admin_api.get("/v2.1/os-quota-sets/project-b").json()["quota_set"]["instances"] == 3
    assert admin_api.get("/v2.1/os-quota-sets/x/defaults").json()["quota_set"]["instances"] == 7


def test_before_2_50_server_group_quotas_are_stored_but_not_shown_and_network_ones_accepted(admin_api):
    body = class_set(admin_api.put("/v2.1/os-quota-class-sets/default",
                                   {"quota_class_set": {"server_groups": 4, "networks": 3, "floating_ips": 2}}))
    assert "server_groups" not in body and body["floating_ips"] == 2
    assert class_set(admin_api.get("/v2.1/os-quota-class-sets/default", version="2.50"))["server_groups"] == 4
    response = admin_api.put("/v2.1/os-quota-class-sets/default", {"quota_class_set": {"floating_ips": 2}},
                             version="2.50")
    assert response.status_code == 400


def test_only_admins_read_or_set_quota_classes(member_api):
    assert member_api.get("/v2.1/os-quota-class-sets/default").status_code == 403
    assert member_api.put("/v2.1/os-quota-class-sets/default",
                          {"quota_class_set": {"instances": 1}}).status_code == 403
