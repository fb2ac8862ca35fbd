"""PATCH /v2/images/{id} with Glance's JSON patch media type."""
import pytest

from tests.images.factories import context_for, make_image


def patch(api, image, *operations, **kwargs):
    return api.patch(f"/v2/images/{image.id}", list(operations), **kwargs)


def test_add_replace_and_remove_change_attributes_and_extra_properties(image_api):
    image = make_image(name="old", os_distro="debian", kernel_id="b2173dd3-7ad6-4362-baa6-a68bce3565cb")

    response = patch(image_api, image,
                     {"op": "replace", "path": "/name", "value": "new"},
                     {"op": "add", "path": "/hw_disk_bus", "value": "virtio"},
                     {"op": "replace", "path": "/os_distro", "value": "ubuntu"},
                     {"op": "remove", "path": "/kernel_id"},
                     {"op": "add", "path": "/min_disk", "value": 2},
                     {"op": "replace", "path": "/tags", "value": ["x", "y"]})

    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["hw_disk_bus"], body["os_distro"], body["min_disk"]) == ("new", "virtio", "ubuntu", 2)
    assert "kernel_id" not in body and body["tags"] == ["x", "y"]


def test_a_property_name_with_a_slash_is_an_escaped_json_pointer(image_api):
    image = make_image()
    body = patch(image_api, image, {"op": "add", "path": "/owner_specified.openstack~1md5", "value": "abc"}).json()
    assert body["owner_specified.openstack/md5"] == "abc"


@pytest.mark.parametrize("op", ["replace", "remove"])
def test_replacing_or_removing_a_missing_property_is_a_409(image_api, op):
    image = make_image()
    response = patch(image_api, image, {"op": op, "path": "/nothing_here", "value": "x"})
    assert response.status_code == 409
    assert response.json()["message"] == "Property nothing_here does not exist."


@pytest.mark.parametrize("path", ["/id", "/status", "/checksum", "/size", "/created_at", "/os_hash_algo"])
def test_read_only_attributes_are_a_403(image_api, path):
    response = patch(image_api, make_image(), {"op": "replace", "path": path, "value": "x"})
    assert response.status_code == 403
    assert response.json()["message"] == f"Attribute '{path[1:]}' is read-only."


@pytest.mark.parametrize("operations, fragment", [
    ([{"op": "move", "path": "/name", "value": "x"}], 'exactly one member named "add"'),
    ([{"op": "add", "path": "name", "value": "x"}], "Invalid JSON pointer"),
    ([{"op": "add", "path": "/name"}], 'requires a member named "value"'),
    ([{"op": "replace", "path": "/min_ram", "value": -1}], "less than the minimum"),
    ({"op": "add"}, "JSON array"),
])
def test_malformed_patches_are_a_400(image_api, operations, fragment):
    image = make_image()
    response = image_api.patch(f"/v2/images/{image.id}", operations)
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_another_content_type_is_a_415_naming_the_patch_type(image_api):
    response = patch(image_api, make_image(), {"op": "add", "path": "/a", "value": "b"},
                     content_type="application/json")
    assert response.status_code == 415
    assert response["Accept-Patch"] == "application/openstack-images-v2.1-json-patch"
    assert response.json()["code"] == "415 Unsupported Media Type"


def test_a_member_updates_its_own_image_but_cannot_make_it_public(image_clients):
    alice = image_clients("alice:project-a")
    image = make_image(context_for())

    assert patch(alice, image, {"op": "replace", "path": "/name", "value": "mine"}).status_code == 200
    refused = patch(alice, image, {"op": "replace", "path": "/visibility", "value": "public"})
    assert refused.status_code == 403
    assert refused.json()["message"] == "You are not authorized to complete publicize_image action."
    assert patch(alice, image, {"op": "replace", "path": "/visibility", "value": "community"}).status_code == 200


def test_another_projects_public_image_is_visible_but_not_modifiable(image_clients):
    image = make_image(visibility="public")
    response = patch(image_clients("carol:project-c"), image, {"op": "replace", "path": "/name", "value": "x"})
    assert response.status_code == 403
    assert response.json()["message"] == "You are not authorized to complete modify_image action."
