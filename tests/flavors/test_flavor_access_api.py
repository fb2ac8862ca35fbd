"""os-flavor-access: listing the projects of a private flavor and the add/remove tenant actions."""
import pytest

from flavors.services import access
from tests.flavors.factories import make_flavor

ACTION = "/v2.1/flavors/p1/action"


@pytest.fixture
def private(db):
    return make_flavor("p1", is_public=False, projects=["project-a"])


def message(response, status) -> str:
    assert response.status_code == status, response.content
    return next(iter(response.json().values()))["message"]


def test_an_admin_lists_the_projects_of_a_private_flavor(admin_api, private):
    response = admin_api.get("/v2.1/flavors/p1/os-flavor-access")
    assert response.json() == {"flavor_access": [{"flavor_id": "p1", "tenant_id": "project-a"}]}


def test_a_public_flavor_has_no_access_list(admin_api, db):
    make_flavor("1")
    assert message(admin_api.get("/v2.1/flavors/1/os-flavor-access"), 404) == (
        "Access list not available for public flavors.")


def test_given_access_added_when_the_project_lists_flavors_then_it_sees_the_flavor(
        admin_api, other_project_api, private):
    assert other_project_api.get("/v2.1/flavors/p1").status_code == 404
    response = admin_api.post(ACTION, {"addTenantAccess": {"tenant": "project-b"}})
    assert response.json() == {"flavor_access": [{"flavor_id": "p1", "tenant_id": "project-a"},
                                                 {"flavor_id": "p1", "tenant_id": "project-b"}]}
    assert "p1" in [f["id"] for f in other_project_api.get("/v2.1/flavors").json()["flavors"]]


def test_given_access_removed_then_the_project_no_longer_sees_the_flavor(admin_api, member_api, private):
    response = admin_api.post(ACTION, {"removeTenantAccess": {"tenant": "project-a"}})
    assert response.json() == {"flavor_access": []}
    assert member_api.get("/v2.1/flavors/p1").status_code == 404


def test_adding_a_project_twice_is_a_409(admin_api, private):
    assert message(admin_api.post(ACTION, {"addTenantAccess": {"tenant": "project-a"}}), 409) == (
        "Flavor access already exists for flavor p1 and project project-a combination.")


def test_removing_a_project_without_access_is_a_404(admin_api, private):
    assert message(admin_api.post(ACTION, {"removeTenantAccess": {"tenant": "project-z"}}), 404) == (
        "Flavor access not found for p1 / project-z combination.")


def test_from_2_7_access_to_a_public_flavor_is_a_409_and_before_it_is_recorded(admin_api, db):
    flavor = make_flavor("1")
    body = {"addTenantAccess": {"tenant": "project-a"}}
    assert message(admin_api.post("/v2.1/flavors/1/action", body, version="2.7"), 409) == (
        "Can not add access to a public flavor.")
    assert admin_api.post("/v2.1/flavors/1/action", body, version="2.6").status_code == 200
    assert access.projects_of(flavor) == ["project-a"]


def test_bad_action_bodies_are_a_400(admin_api, private):
    assert message(admin_api.post(ACTION, {"shareWith": {"tenant": "x"}}), 400) == "There is no such action: shareWith"
    assert message(admin_api.post(ACTION, {}), 400) == "Malformed request body"
    assert admin_api.post(ACTION, {"addTenantAccess": {}}).status_code == 400
    assert admin_api.post(ACTION, {"addTenantAccess": {"tenant": ""}}).status_code == 400


def test_an_unknown_flavor_is_a_404(admin_api, db):
    response = admin_api.post("/v2.1/flavors/nope/action", {"addTenantAccess": {"tenant": "x"}})
    assert message(response, 404) == "Flavor nope could not be found."


def test_members_may_neither_list_nor_change_access(member_api, private):
    assert message(member_api.get("/v2.1/flavors/p1/os-flavor-access"), 403) == (
        "Policy doesn't allow os_compute_api:os-flavor-access to be performed.")
    assert message(member_api.post(ACTION, {"addTenantAccess": {"tenant": "project-b"}}), 403) == (
        "Policy doesn't allow os_compute_api:os-flavor-access:add_tenant_access to be performed.")
    assert member_api.post(ACTION, {"removeTenantAccess": {"tenant": "project-a"}}).status_code == 403
