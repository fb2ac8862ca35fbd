"""Image records through the Image API: create, show, delete, actions, tags and Glance's error shape."""
import re

import pytest

from images.models import Image
from tests.images.factories import context_for, make_image

REQUEST_ID = re.compile(r"^req-[0-9a-f-]{36}$")
ALICE = "alice:project-a"


def create(api, **body):
    return api.post("/v2/images", {"disk_format": "qcow2", "container_format": "bare", **body})


def test_a_created_image_is_queued_shared_and_carries_its_extra_properties(image_api):
    response = create(image_api, name="cirros", min_ram=64, tags=["a", "b", "a"], hw_disk_bus="virtio",
                      os_distro="cirros")

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["visibility"], body["owner"]) == ("queued", "shared", "admin")
    assert (body["hw_disk_bus"], body["os_distro"], body["tags"], body["min_ram"]) == ("virtio", "cirros", ["a", "b"], 64)
    assert body["self"] == f"/v2/images/{body['id']}" and body["file"] == f"/v2/images/{body['id']}/file"
    assert body["size"] is None and body["checksum"] is None
    assert response["Location"].endswith(f"/v2/images/{body['id']}")


def test_a_client_may_choose_the_image_id_but_not_twice(image_api):
    image_id = "b2173dd3-7ad6-4362-baa6-a68bce3565cb"
    assert create(image_api, id=image_id).json()["id"] == image_id

    again = create(image_api, id=image_id)

    assert again.status_code == 409
    assert again.json() == {"code": "409 Conflict", "title": "Conflict",
                            "message": f"Image with identifier {image_id} already exists!"}


@pytest.mark.parametrize("body, fragment", [
    ({"min_ram": "lots"}, "'lots' is not of type 'integer'"),
    ({"disk_format": "floppy"}, "'floppy' is not one of"),
    ({"visibility": "everyone"}, "'everyone' is not one of"),
    ({"hw_disk_bus": 3}, "3 is not of type 'string'"),
    ({"protected": "maybe"}, "'maybe' is not of type 'boolean'"),
])
def test_bad_input_is_a_400_in_glances_error_shape(image_api, body, fragment):
    response = image_api.post("/v2/images", body)

    assert response.status_code == 400
    error = response.json()
    assert (error["code"], error["title"]) == ("400 Bad Request", "Bad Request")
    assert fragment in error["message"]


def test_malformed_json_is_a_400(image_api):
    response = image_api.post("/v2/images", raw="{not json")
    assert response.status_code == 400
    assert response.json()["title"] == "Bad Request"


@pytest.mark.parametrize("attribute", ["status", "checksum", "size", "os_hash_value", "self"])
def test_read_only_attributes_are_refused_on_create_with_a_403(image_api, attribute):
    response = image_api.post("/v2/images", {attribute: "x"})
    assert response.status_code == 403
    assert response.json()["message"] == f"Attribute '{attribute}' is read-only."


def test_a_member_cannot_publicize_an_image(image_clients):
    response = create(image_clients(ALICE), visibility="public")
    assert response.status_code == 403
    assert response.json()["message"] == "You are not authorized to complete publicize_image action."


def test_an_unknown_image_is_a_404_with_glances_message(image_api):
    for path in ("/v2/images/7a2c1b64-e8d4-4c2b-9b8c-1ed4b9c6a1f0", "/v2/images/not-a-uuid"):
        response = image_api.get(path)
        assert response.status_code == 404
        assert response.json()["message"].startswith("No image found with ID")


def test_every_response_carries_a_request_id(image_api, anonymous_api, image_urls):
    for response in (image_api.get("/v2/images"), image_api.get("/v2/images/nope"), anonymous_api.get("/")):
        assert REQUEST_ID.match(response["x-openstack-request-id"])
        assert "x-compute-request-id" not in response


def test_a_request_without_a_token_is_a_401(anonymous_api, image_urls):
    response = anonymous_api.get("/v2/images")
    assert response.status_code == 401
    assert response.json()["code"] == "401 Unauthorized"


def test_a_protected_image_cannot_be_deleted_until_unprotected(image_api):
    image = make_image(protected=True, payload=b"data")

    refused = image_api.delete(f"/v2/images/{image.id}")
    assert refused.status_code == 403
    assert refused.json()["message"] == f"Image {image.id} is protected and cannot be deleted."

    image_api.patch(f"/v2/images/{image.id}", [{"op": "replace", "path": "/protected", "value": False}])
    assert image_api.delete(f"/v2/images/{image.id}").status_code == 204
    assert not Image.objects.filter(pk=image.id).exists()


def test_deleting_an_image_deletes_its_data(image_api, image_urls, django_capture_on_commit_callbacks):
    image = make_image(payload=b"some bytes")
    assert (image_urls / str(image.id)).is_file()

    with django_capture_on_commit_callbacks(execute=True):
        assert image_api.delete(f"/v2/images/{image.id}").status_code == 204

    assert not (image_urls / str(image.id)).exists()


def test_a_deactivated_image_cannot_be_downloaded_except_by_an_admin(image_api, image_clients):
    image = make_image(visibility="public", payload=b"kernel")
    alice = image_clients(ALICE)

    assert image_api.post(f"/v2/images/{image.id}/actions/deactivate").status_code == 204
    assert image_api.get(f"/v2/images/{image.id}").json()["status"] == "deactivated"
    refused = alice.get(f"/v2/images/{image.id}/file")
    assert refused.status_code == 403
    assert "deactivated" in refused.json()["message"]
    assert image_api.get(f"/v2/images/{image.id}/file").status_code == 200

    assert image_api.post(f"/v2/images/{image.id}/actions/reactivate").status_code == 204
    assert alice.get(f"/v2/images/{image.id}/file").status_code == 200


def test_only_an_admin_deactivates_and_only_an_active_image(image_api, image_clients):
    mine = make_image(context_for(), payload=b"x")
    queued = make_image()

    assert image_clients(ALICE).post(f"/v2/images/{mine.id}/actions/deactivate").status_code == 403
    refused = image_api.post(f"/v2/images/{queued.id}/actions/deactivate")
    assert refused.status_code == 403
    assert refused.json()["message"] == "Not allowed to deactivate image in status 'queued'"


def test_tags_are_added_once_and_removed(image_api):
    image = make_image()

    assert image_api.put(f"/v2/images/{image.id}/tags/fast").status_code == 204
    assert image_api.put(f"/v2/images/{image.id}/tags/fast").status_code == 204
    assert image_api.get(f"/v2/images/{image.id}").json()["tags"] == ["fast"]
    assert image_api.delete(f"/v2/images/{image.id}/tags/fast").status_code == 204
    assert image_api.delete(f"/v2/images/{image.id}/tags/fast").status_code == 404


def test_the_root_is_a_300_versions_document_and_versions_a_200(anonymous_api, image_urls):
    root, versions = anonymous_api.get("/"), anonymous_api.get("/versions")

    assert (root.status_code, versions.status_code) == (300, 200)
    current = [version for version in root.json()["versions"] if version["status"] == "CURRENT"]
    assert current == [{"id": "v2.16", "status": "CURRENT", "links": [{"rel": "self", "href": "http://testserver/v2/"}]}]


def test_the_health_check_answers_ok(anonymous_api, image_urls):
    response = anonymous_api.get("/healthcheck")
    assert (response.status_code, response.content) == (200, b"OK")


def test_the_image_schema_lists_base_attributes_and_takes_string_properties(image_api):
    schema = image_api.get("/v2/schemas/image").json()

    assert schema["name"] == "image" and schema["additionalProperties"] == {"type": "string"}
    assert {"id", "name", "status", "visibility", "tags", "checksum", "os_hash_value"} <= set(schema["properties"])
    assert schema["properties"]["status"]["readOnly"] is True
    assert image_api.get("/v2/schemas/images").json()["properties"]["images"]["items"]["name"] == "image"
    assert image_api.get("/v2/schemas/member").json()["properties"]["status"]["enum"] == ["pending", "accepted", "rejected"]
    assert image_api.get("/v2/schemas/members").json()["name"] == "members"


def test_clients_sending_an_empty_accept_header_get_json(image_api):
    response = image_api.client.get("/v2/images", headers={"X-Auth-Token": "admin:admin", "Accept": ""})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"

