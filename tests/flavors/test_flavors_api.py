"""/flavors through the Compute API: show, create, update and delete at each microversion boundary."""
import pytest

from flavors.models import Flavor
from tests.flavors.factories import make_flavor

CREATE = {"flavor": {"name": "f1", "ram": 256, "vcpus": 1, "disk": 1}}


@pytest.fixture
def small(db):
    return make_flavor("2", "m1.small", 1, 2048, 20, extra_specs={"hw:cpu_policy": "shared"})


def bad_request(response) -> str:
    assert response.status_code == 400, response.content
    return response.json()["badRequest"]["message"]


class TestShow:
    def test_at_2_1_a_flavor_has_every_field_with_swap_as_an_empty_string_and_self_and_bookmark_links(
            self, member_api, small):
        response = member_api.get("/v2.1/flavors/2")
        assert response.status_code == 200
        assert response.json() == {"flavor": {
            "id": "2", "name": "m1.small", "ram": 2048, "disk": 20, "swap": "", "vcpus": 1,
            "OS-FLV-EXT-DATA:ephemeral": 0, "OS-FLV-DISABLED:disabled": False,
            "os-flavor-access:is_public": True, "rxtx_factor": 1.0,
            "links": [{"rel": "self", "href": "http://testserver/v2.1/flavors/2"},
                      {"rel": "bookmark", "href": "http://testserver/flavors/2"}],
        }}

    def test_from_2_55_the_description_is_shown(self, member_api, small):
        assert "description" not in member_api.get("/v2.1/flavors/2", version="2.54").json()["flavor"]
        assert member_api.get("/v2.1/flavors/2", version="2.55").json()["flavor"]["description"] is None

    def test_from_2_61_the_extra_specs_are_embedded(self, member_api, small):
        assert "extra_specs" not in member_api.get("/v2.1/flavors/2", version="2.60").json()["flavor"]
        flavor = member_api.get("/v2.1/flavors/2", version="2.61").json()["flavor"]
        assert flavor["extra_specs"] == {"hw:cpu_policy": "shared"}

    def test_extra_specs_stay_out_when_policy_forbids_listing_them(self, member_api, small, policy_file):
        policy_file({"os_compute_api:os-flavor-extra-specs:index": "role:admin"})
        assert "extra_specs" not in member_api.get("/v2.1/flavors/2", version="2.61").json()["flavor"]

    def test_from_2_75_swap_is_always_an_integer(self, member_api, db):
        make_flavor("7", swap=0)
        make_flavor("8", swap=512)
        assert member_api.get("/v2.1/flavors/7", version="2.74").json()["flavor"]["swap"] == ""
        assert member_api.get("/v2.1/flavors/8", version="2.74").json()["flavor"]["swap"] == 512
        assert member_api.get("/v2.1/flavors/7", version="2.75").json()["flavor"]["swap"] == 0

    def test_an_unknown_flavor_is_a_404_in_novas_shape(self, member_api, db):
        response = member_api.get("/v2.1/flavors/nope")
        assert response.status_code == 404
        assert response.json() == {"itemNotFound": {"code": 404, "message": "Flavor nope could not be found."}}

    def test_a_private_flavor_is_invisible_to_other_projects_but_not_to_granted_ones(
            self, member_api, other_project_api, admin_api, db):
        make_flavor("p1", is_public=False, projects=["project-a"])
        assert member_api.get("/v2.1/flavors/p1").status_code == 200
        assert other_project_api.get("/v2.1/flavors/p1").status_code == 404
        assert admin_api.get("/v2.1/flavors/p1").status_code == 200


class TestCreate:
    def test_given_only_the_required_fields_when_created_then_the_id_is_a_uuid_and_defaults_apply(self, admin_api):
        response = admin_api.post("/v2.1/flavors", CREATE)
        assert response.status_code == 200
        flavor = response.json()["flavor"]
        assert len(flavor["id"]) == 36 and Flavor.objects.get(flavorid=flavor["id"]).name == "f1"
        assert (flavor["swap"], flavor["OS-FLV-EXT-DATA:ephemeral"], flavor["rxtx_factor"]) == ("", 0, 1.0)
        assert flavor["os-flavor-access:is_public"] is True

    def test_every_field_is_taken_including_numeric_strings_and_a_numeric_id(self, admin_api):
        body = {"flavor": {"name": "big", "id": 42, "ram": "1024", "vcpus": "2", "disk": 10,
                           "OS-FLV-EXT-DATA:ephemeral": 5, "swap": 128, "rxtx_factor": "2.5",
                           "os-flavor-access:is_public": "false"}}
        flavor = admin_api.post("/v2.1/flavors", body).json()["flavor"]
        assert {k: flavor[k] for k in ("id", "ram", "vcpus", "disk", "OS-FLV-EXT-DATA:ephemeral", "swap",
                                       "rxtx_factor", "os-flavor-access:is_public")} == {
            "id": "42", "ram": 1024, "vcpus": 2, "disk": 10, "OS-FLV-EXT-DATA:ephemeral": 5, "swap": 128,
            "rxtx_factor": 2.5, "os-flavor-access:is_public": False}

    def test_a_null_id_gets_a_uuid_too(self, admin_api):
        body = {"flavor": {**CREATE["flavor"], "id": None}}
        assert len(admin_api.post("/v2.1/flavors", body).json()["flavor"]["id"]) == 36

    def test_description_is_accepted_from_2_55_and_refused_before(self, admin_api):
        body = {"flavor": {**CREATE["flavor"], "description": "for tests"}}
        message = bad_request(admin_api.post("/v2.1/flavors", body, version="2.54"))
        assert "Additional properties are not allowed ('description' was unexpected)" in message
        flavor = admin_api.post("/v2.1/flavors", body, version="2.55").json()["flavor"]
        assert flavor["description"] == "for tests"

    def test_from_2_61_the_created_flavor_shows_empty_extra_specs(self, admin_api):
        assert admin_api.post("/v2.1/flavors", CREATE, version="2.61").json()["flavor"]["extra_specs"] == {}

    @pytest.mark.parametrize(("field", "value", "reason"), [
        ("vcpus", 0, "0 is less than the minimum of 1"),
        ("ram", "0", "0 is less than the minimum of 1"),
        ("disk", -1, "-1 is less than the minimum of 0"),
        ("swap", "-1", "'-1' does not match '^[0-9]+$'"),
        ("ram", 2147483648, "2147483648 is greater than the maximum of 2147483647"),
        ("vcpus", 1.5, "1.5 is not of type 'integer', 'string'"),
    ])
    def test_sizes_out_of_novas_bounds_are_a_400_naming_the_field(self, admin_api, field, value, reason):
        message = bad_request(admin_api.post("/v2.1/flavors", {"flavor": {**CREATE["flavor"], field: value}}))
        assert message == f"Invalid input for field/attribute {field}. Value: {value}. {reason}"

    def test_rxtx_factor_must_be_positive(self, admin_api):
        message = bad_request(admin_api.post("/v2.1/flavors", {"flavor": {**CREATE["flavor"], "rxtx_factor": 0}}))
        assert message.startswith("Invalid input for field/attribute rxtx_factor. Value: 0.")

    @pytest.mark.parametrize("flavorid", [" lead", "trail ", "slash/id", "", "a" * 256])
    def test_ids_outside_novas_characters_are_refused(self, admin_api, flavorid):
        message = bad_request(admin_api.post("/v2.1/flavors", {"flavor": {**CREATE["flavor"], "id": flavorid}}))
        assert message.startswith("Invalid input for field/attribute id.")

    @pytest.mark.parametrize("name", [" f1", "f1 ", "tab\tname", "new\nline"])
    def test_names_must_be_printable_without_surrounding_whitespace(self, admin_api, name):
        message = bad_request(admin_api.post("/v2.1/flavors", {"flavor": {**CREATE["flavor"], "name": name}}))
        assert message.startswith("An invalid 'name' value was provided.")

    def test_missing_and_unknown_fields_are_refused(self, admin_api):
        message = bad_request(admin_api.post("/v2.1/flavors", {"flavor": {"name": "f1", "ram": 1, "vcpus": 1}}))
        assert message == "Invalid input for field/attribute flavor. 'disk' is a required property"
        message = bad_request(admin_api.post("/v2.1/flavors", {"flavor": {**CREATE["flavor"], "color": "red"}}))
        assert "('color' was unexpected)" in message

    def test_a_taken_id_or_name_is_a_409(self, admin_api, small):
        by_id = admin_api.post("/v2.1/flavors", {"flavor": {**CREATE["flavor"], "id": "2"}})
        by_name = admin_api.post("/v2.1/flavors", {"flavor": {**CREATE["flavor"], "name": "m1.small"}})
        assert by_id.status_code == by_name.status_code == 409
        assert by_id.json()["conflictingRequest"]["message"] == "Flavor with ID 2 already exists."
        assert by_name.json()["conflictingRequest"]["message"] == "Flavor with name m1.small already exists."

    def test_members_may_not_create_flavors(self, member_api):
        response = member_api.post("/v2.1/flavors", CREATE)
        assert response.status_code == 403
        assert response.json()["forbidden"]["message"] == (
            "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed.")
        assert not Flavor.objects.exists()


class TestUpdate:
    def test_before_2_55_there_is_no_update(self, admin_api, small):
        response = admin_api.put("/v2.1/flavors/2", {"flavor": {"description": "x"}}, version="2.54")
        assert response.status_code == 404

    def test_from_2_55_the_description_changes_and_nothing_else(self, admin_api, small):
        response = admin_api.put("/v2.1/flavors/2", {"flavor": {"description": "general use"}}, version="2.55")
        assert response.status_code == 200
        assert response.json()["flavor"]["description"] == "general use"
        assert Flavor.objects.get(flavorid="2").description == "general use"
        refused = admin_api.put("/v2.1/flavors/2", {"flavor": {"description": "x", "ram": 1}}, version="2.55")
        assert "('ram' was unexpected)" in bad_request(refused)

    def test_a_null_description_clears_it_and_2_61_shows_extra_specs(self, admin_api, small):
        flavor = admin_api.put("/v2.1/flavors/2", {"flavor": {"description": None}}, version="2.61").json()["flavor"]
        assert (flavor["description"], flavor["extra_specs"]) == (None, {"hw:cpu_policy": "shared"})

    def test_members_may_not_update_and_unknown_flavors_are_404(self, admin_api, member_api, small):
        assert member_api.put("/v2.1/flavors/2", {"flavor": {"description": "x"}}, version="2.55").status_code == 403
        assert admin_api.put("/v2.1/flavors/9", {"flavor": {"description": "x"}}, version="2.55").status_code == 404


class TestDelete:
    def test_an_admin_deletes_a_flavor_with_a_202(self, admin_api, small):
        response = admin_api.delete("/v2.1/flavors/2")
        assert response.status_code == 202
        assert not Flavor.objects.filter(flavorid="2").exists()
        assert admin_api.delete("/v2.1/flavors/2").status_code == 404

    def test_members_may_not_delete_flavors(self, member_api, small):
        response = member_api.delete("/v2.1/flavors/2")
        assert response.status_code == 403
        assert Flavor.objects.filter(flavorid="2").exists()
