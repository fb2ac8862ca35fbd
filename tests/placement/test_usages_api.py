"""/resource_providers/{uuid}/usages and GET /usages (1.9; by consumer type from 1.38)."""
import uuid

import pytest

from openstack_api import policy
from tests.conftest import PlacementClient
from tests.placement.factories import add_inventory, allocate, make_provider


def _error(response):
    return response.json()["errors"][0]


@pytest.fixture
def compute(db):
    provider = make_provider()
    add_inventory(provider, "VCPU", total=64)
    add_inventory(provider, "MEMORY_MB", total=65536)
    add_inventory(provider, "DISK_GB", total=1000)
    return provider


@pytest.fixture
def project_usage(compute):
    """In project-a: two instances of alice, a migration of bob, one untyped consumer; elsewhere one more."""
    allocate(compute, {"VCPU": 2, "MEMORY_MB": 2048}, consumer_type="INSTANCE", user_id="alice")
    allocate(compute, {"VCPU": 4, "MEMORY_MB": 4096}, consumer_type="INSTANCE", user_id="alice")
    allocate(compute, {"VCPU": 1}, consumer_type="MIGRATION", user_id="bob")
    allocate(compute, {"DISK_GB": 10}, user_id="bob")
    allocate(compute, {"VCPU": 8}, project_id="project-b")


# One provider


def test_a_providers_usages_list_every_inventory_even_unused(placement_api, compute):
    allocate(compute, {"VCPU": 3})
    allocate(compute, {"VCPU": 2, "MEMORY_MB": 512})

    response = placement_api.get(f"/resource_providers/{compute.uuid}/usages")

    assert response.status_code == 200
    assert response.json() == {"resource_provider_generation": 0,
                               "usages": {"VCPU": 5, "MEMORY_MB": 512, "DISK_GB": 0}}


def test_usages_of_an_unknown_provider_are_not_found(placement_api):
    response = placement_api.get(f"/resource_providers/{uuid.uuid4()}/usages")

    assert response.status_code == 404


def test_provider_usages_carry_last_modified_from_1_15(placement_api, compute):
    assert "Last-Modified" not in placement_api.get(f"/resource_providers/{compute.uuid}/usages", version="1.14")
    assert "Last-Modified" in placement_api.get(f"/resource_providers/{compute.uuid}/usages", version="1.15")


# Totals by project (1.9 - 1.37)


def test_total_usages_do_not_exist_before_1_9(placement_api):
    response = placement_api.get("/usages?project_id=project-a", version="1.8")

    assert response.status_code == 404


def test_total_usages_need_a_project(placement_api):
    response = placement_api.get("/usages", version="1.9")

    assert response.status_code == 400
    assert _error(response)["detail"] == "Invalid query string parameters: 'project_id' is a required property"


def test_total_usages_refuse_unknown_parameters(placement_api):
    response = placement_api.get("/usages?project_id=project-a&colour=blue", version="1.9")

    assert response.status_code == 400
    assert _error(response)["detail"].startswith("Invalid query string parameters: ")


def test_total_usages_add_up_a_projects_allocations(placement_api, project_usage):
    response = placement_api.get("/usages?project_id=project-a", version="1.9")

    assert response.status_code == 200
    assert response.json() == {"usages": {"VCPU": 7, "MEMORY_MB": 6144, "DISK_GB": 10}}


def test_total_usages_can_be_narrowed_to_one_user(placement_api, project_usage):
    response = placement_api.get("/usages?project_id=project-a&user_id=bob", version="1.37")

    assert response.json() == {"usages": {"VCPU": 1, "DISK_GB": 10}}


def test_a_project_without_allocations_has_no_usages(placement_api, project_usage):
    assert placement_api.get("/usages?project_id=nobody", version="1.9").json() == {"usages": {}}


def test_consumer_type_is_not_a_parameter_before_1_38(placement_api):
    response = placement_api.get("/usages?project_id=project-a&consumer_type=INSTANCE", version="1.37")

    assert response.status_code == 400


# By consumer type (1.38)


def test_from_1_38_usages_are_grouped_by_consumer_type_with_consumer_counts(placement_api, project_usage):
    response = placement_api.get("/usages?project_id=project-a")

    assert response.json() == {"usages": {
        "INSTANCE": {"consumer_count": 2, "VCPU": 6, "MEMORY_MB": 6144},
        "MIGRATION": {"consumer_count": 1, "VCPU": 1},
        "unknown": {"consumer_count": 1, "DISK_GB": 10},
    }}


def test_one_consumer_type_can_be_asked_for(placement_api, project_usage):
    response = placement_api.get("/usages?project_id=project-a&consumer_type=INSTANCE")

    assert response.json() == {"usages": {"INSTANCE": {"consumer_count": 2, "VCPU": 6, "MEMORY_MB": 6144}}}


def test_all_adds_every_consumer_type_together(placement_api, project_usage):
    response = placement_api.get("/usages?project_id=project-a&consumer_type=all")

    assert response.json() == {"usages": {"all": {"consumer_count": 4, "VCPU": 7, "MEMORY_MB": 6144,
                                                  "DISK_GB": 10}}}


def test_unknown_selects_the_consumers_without_a_type(placement_api, project_usage):
    response = placement_api.get("/usages?project_id=project-a&user_id=bob&consumer_type=unknown")

    assert response.json() == {"usages": {"unknown": {"consumer_count": 1, "DISK_GB": 10}}}


@pytest.mark.parametrize("name", ["ALL", "UNKNOWN", "COW"])
def test_other_type_names_only_match_consumers_of_that_type(placement_api, project_usage, name):
    response = placement_api.get(f"/usages?project_id=project-a&consumer_type={name}")

    assert response.json() == {"usages": {}}


def test_a_malformed_consumer_type_is_a_bad_request(placement_api):
    response = placement_api.get("/usages?project_id=project-a&consumer_type=instance")

    assert response.status_code == 400


# Policy


def test_only_admins_may_read_usages_under_the_legacy_defaults(placement_user, compute):
    assert placement_user.get(f"/resource_providers/{compute.uuid}/usages").status_code == 403
    assert placement_user.get("/usages?project_id=project-a").status_code == 403


@pytest.fixture
def secure_rbac(settings):
    settings.XCOMPUTE_PLACEMENT_POLICY_DEFAULTS = "secure-rbac"
    policy.enforcer.cache_clear()
    yield
    policy.enforcer.cache_clear()


def test_under_secure_rbac_a_project_reader_sees_its_own_usages_only(placement_urls, secure_rbac, project_usage):
    reader = PlacementClient(token="bob:project-a:reader", version="1.39")

    assert reader.get("/usages?project_id=project-a").status_code == 200
    assert reader.get("/usages?project_id=project-b").status_code == 403
