"""/resource_classes through the API: the 1.2 operations and the 1.7 create-or-confirm PUT."""
import pytest

from placement.models import Inventory, ResourceClass, ResourceProvider

pytestmark = pytest.mark.django_db


def error(response) -> dict:
    return response.json()["errors"][0]


def test_given_1_1_resource_class_routes_do_not_exist(placement_api):
    assert placement_api.get("/resource_classes", version="1.1").status_code == 404
    assert placement_api.get("/resource_classes/VCPU", version="1.1").status_code == 404


def test_the_list_starts_with_the_standard_classes_each_with_its_link(placement_api):
    classes = placement_api.get("/resource_classes").json()["resource_classes"]
    assert classes[0] == {"name": "VCPU", "links": [{"rel": "self", "href": "/resource_classes/VCPU"}]}
    assert {"MEMORY_MB", "DISK_GB"} <= {resource_class["name"] for resource_class in classes}


def test_creating_a_custom_class_answers_201_with_its_location(placement_api):
    response = placement_api.post("/resource_classes", {"name": "CUSTOM_FPGA"}, version="1.2")
    assert response.status_code == 201
    assert response["Location"].endswith("/resource_classes/CUSTOM_FPGA")
    shown = placement_api.get("/resource_classes/CUSTOM_FPGA").json()
    assert shown == {"name": "CUSTOM_FPGA", "links": [{"rel": "self", "href": "/resource_classes/CUSTOM_FPGA"}]}


def test_creating_an_existing_class_is_a_409(placement_api):
    placement_api.post("/resource_classes", {"name": "CUSTOM_FPGA"})
    response = placement_api.post("/resource_classes", {"name": "CUSTOM_FPGA"})
    assert response.status_code == 409
    assert error(response)["detail"] == "Conflicting resource class already exists: CUSTOM_FPGA"


@pytest.mark.parametrize("body", [{"name": "VCPU"}, {"name": "CUSTOM_lower"}, {"name": "CUSTOM_" + "A" * 249}, {}])
def test_only_well_formed_custom_names_can_be_created(placement_api, body):
    response = placement_api.post("/resource_classes", body)
    assert response.status_code == 400
    assert error(response)["detail"].startswith("JSON does not validate")


def test_an_unknown_class_is_not_found(placement_api):
    response = placement_api.get("/resource_classes/CUSTOM_NOPE")
    assert response.status_code == 404
    assert error(response)["detail"] == "No such resource class CUSTOM_NOPE."


def test_resource_classes_send_last_modified_from_1_15(placement_api):
    assert placement_api.get("/resource_classes", version="1.15").has_header("Last-Modified")
    assert placement_api.get("/resource_classes/VCPU", version="1.15").has_header("Last-Modified")
    assert not placement_api.get("/resource_classes/VCPU", version="1.14").has_header("Last-Modified")


# PUT before 1.7 renames


def test_given_1_6_put_renames_a_custom_class(placement_api):
    placement_api.post("/resource_classes", {"name": "CUSTOM_FPGA"})
    response = placement_api.put("/resource_classes/CUSTOM_FPGA", {"name": "CUSTOM_GPU"}, version="1.6")
    assert response.status_code == 200
    assert response.json() == {"name": "CUSTOM_GPU", "links": [{"rel": "self", "href": "/resource_classes/CUSTOM_GPU"}]}
    assert placement_api.get("/resource_classes/CUSTOM_FPGA").status_code == 404


def test_given_1_6_a_standard_class_cannot_be_renamed(placement_api):
    response = placement_api.put("/resource_classes/VCPU", {"name": "CUSTOM_CPU"}, version="1.6")
    assert response.status_code == 400
    assert error(response)["detail"] == "Cannot update standard resource class VCPU"


def test_given_1_6_renaming_onto_a_taken_name_is_a_409_and_an_unknown_class_a_404(placement_api):
    placement_api.post("/resource_classes", {"name": "CUSTOM_FPGA"})
    placement_api.post("/resource_classes", {"name": "CUSTOM_GPU"})
    taken = placement_api.put("/resource_classes/CUSTOM_FPGA", {"name": "CUSTOM_GPU"}, version="1.6")
    assert taken.status_code == 409
    assert error(taken)["detail"] == "Resource class already exists: CUSTOM_GPU"
    missing = placement_api.put("/resource_classes/CUSTOM_NOPE", {"name": "CUSTOM_X"}, version="1.6")
    assert missing.status_code == 404


def test_given_1_6_a_rename_needs_a_custom_name_in_the_body(placement_api):
    placement_api.post("/resource_classes", {"name": "CUSTOM_FPGA"})
    response = placement_api.put("/resource_classes/CUSTOM_FPGA", {"name": "FPGA"}, version="1.6")
    assert response.status_code == 400


# PUT from 1.7 creates or confirms


def test_given_1_7_put_creates_a_missing_class_and_confirms_an_existing_one(placement_api):
    created = placement_api.put("/resource_classes/CUSTOM_FPGA", version="1.7")
    assert created.status_code == 201
    assert created.content == b""
    assert created["Location"].endswith("/resource_classes/CUSTOM_FPGA")
    assert placement_api.put("/resource_classes/CUSTOM_FPGA", version="1.7").status_code == 204
    assert ResourceClass.objects.filter(name="CUSTOM_FPGA").count() == 1


@pytest.mark.parametrize("name", ["VCPU", "CUSTOM_lower", "NOT_CUSTOM"])
def test_given_1_7_put_refuses_names_that_are_not_custom(placement_api, name):
    response = placement_api.put(f"/resource_classes/{name}", version="1.7")
    assert response.status_code == 400
    assert error(response)["detail"].startswith("JSON does not validate")


# Deleting


def test_a_custom_class_can_be_deleted(placement_api):
    placement_api.post("/resource_classes", {"name": "CUSTOM_FPGA"})
    assert placement_api.delete("/resource_classes/CUSTOM_FPGA").status_code == 204
    assert placement_api.get("/resource_classes/CUSTOM_FPGA").status_code == 404


def test_a_standard_class_cannot_be_deleted_and_an_unknown_one_is_not_found(placement_api):
    standard = placement_api.delete("/resource_classes/VCPU")
    assert standard.status_code == 400
    assert error(standard)["detail"] == "Error in delete resource class: Cannot delete standard resource class VCPU."
    assert placement_api.delete("/resource_classes/CUSTOM_NOPE").status_code == 404


def test_a_class_with_inventory_cannot_be_deleted(placement_api):
    placement_api.post("/resource_classes", {"name": "CUSTOM_FPGA"})
    provider = ResourceProvider.objects.create(name="cn1")
    Inventory.objects.create(provider=provider, resource_class=ResourceClass.objects.get(name="CUSTOM_FPGA"),
                             total=4, max_unit=4)
    response = placement_api.delete("/resource_classes/CUSTOM_FPGA")
    assert response.status_code == 409
    assert "Class is in use in inventory." in error(response)["detail"]


def test_a_user_without_the_admin_role_may_not_touch_resource_classes(placement_api, placement_user):
    for response in (
        placement_user.get("/resource_classes"),
        placement_user.post("/resource_classes", {"name": "CUSTOM_FPGA"}),
        placement_user.get("/resource_classes/VCPU"),
        placement_user.put("/resource_classes/CUSTOM_FPGA"),
        placement_user.delete("/resource_classes/VCPU"),
    ):
        assert response.status_code == 403
    assert not ResourceClass.objects.filter(name="CUSTOM_FPGA").exists()
