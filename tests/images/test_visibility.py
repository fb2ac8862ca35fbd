"""Who sees which image: private, shared (members), community, public, and the admin."""
import pytest

from tests.images.factories import make_image

OWNER, OTHER, MEMBER = "alice:project-a", "carol:project-c", "bob:project-b"


@pytest.fixture
def images():
    """One image of each visibility, owned by project-a (made by the admin, who may publicize)."""
    return {visibility: make_image(owner="project-a", name=visibility, visibility=visibility)
            for visibility in ("private", "shared", "community", "public")}


def listed(api, query="") -> set[str]:
    response = api.get(f"/v2/images{query}")
    assert response.status_code == 200, response.json()
    return {image["name"] for image in response.json()["images"]}


def shows(api, image) -> int:
    return api.get(f"/v2/images/{image.id}").status_code


def test_the_owner_lists_all_its_images(image_clients, images):
    assert listed(image_clients(OWNER)) == {"private", "shared", "community", "public"}


def test_another_project_lists_public_images_and_community_ones_only_on_request(image_clients, images):
    other = image_clients(OTHER)
    assert listed(other) == {"public"}
    assert listed(other, "?visibility=community") == {"community"}
    assert listed(other, "?visibility=all") == {"public", "community"}


def test_another_project_cannot_see_private_or_unshared_images(image_clients, images):
    other = image_clients(OTHER)
    assert [shows(other, images[name]) for name in ("private", "shared", "community", "public")] == [404, 404, 200, 200]


def test_the_admin_sees_every_image(image_api, images):
    assert listed(image_api) == {"private", "shared", "community", "public"}
    assert all(shows(image_api, image) == 200 for image in images.values())


def test_a_shared_image_is_listed_by_a_member_only_once_accepted(image_clients, images):
    owner, member = image_clients(OWNER), image_clients(MEMBER)
    shared = images["shared"]

    created = owner.post(f"/v2/images/{shared.id}/members", {"member": "project-b"})
    assert created.status_code == 200
    assert created.json()["status"] == "pending" and created.json()["schema"] == "/v2/schemas/member"
    assert shows(member, shared) == 200
    assert listed(member) == {"public"}
    assert listed(member, "?member_status=pending") == {"public", "shared"}

    accepted = member.put(f"/v2/images/{shared.id}/members/project-b", {"status": "accepted"})
    assert accepted.json()["status"] == "accepted"
    assert listed(member) == {"public", "shared"}
    assert listed(member, "?visibility=shared") == {"shared"}


def test_only_the_member_answers_and_the_owner_sees_every_member(image_clients, images):
    owner, member = image_clients(OWNER), image_clients(MEMBER)
    shared = images["shared"]
    for project in ("project-b", "project-d"):
        owner.post(f"/v2/images/{shared.id}/members", {"member": project})

    assert owner.put(f"/v2/images/{shared.id}/members/project-b", {"status": "accepted"}).status_code == 403
    assert {m["member_id"] for m in owner.get(f"/v2/images/{shared.id}/members").json()["members"]} == \
        {"project-b", "project-d"}
    assert [m["member_id"] for m in member.get(f"/v2/images/{shared.id}/members").json()["members"]] == ["project-b"]
    assert member.put(f"/v2/images/{shared.id}/members/project-b", {"status": "maybe"}).status_code == 400


def test_members_belong_to_shared_images_only_and_once(image_clients, images):
    owner = image_clients(OWNER)
    refused = owner.post(f"/v2/images/{images['private'].id}/members", {"member": "project-b"})
    assert refused.status_code == 403
    assert refused.json()["message"] == "Only shared images have members."

    owner.post(f"/v2/images/{images['shared'].id}/members", {"member": "project-b"})
    assert owner.post(f"/v2/images/{images['shared'].id}/members", {"member": "project-b"}).status_code == 409


def test_removing_a_member_hides_the_image_from_it(image_clients, images):
    owner, member = image_clients(OWNER), image_clients(MEMBER)
    shared = images["shared"]
    owner.post(f"/v2/images/{shared.id}/members", {"member": "project-b"})

    assert owner.delete(f"/v2/images/{shared.id}/members/project-b").status_code == 204
    assert shows(member, shared) == 404
    assert owner.get(f"/v2/images/{shared.id}/members/project-b").status_code == 404


def test_a_reader_sees_but_cannot_create_images(image_clients, images):
    reader = image_clients("dave:project-a:reader")
    assert shows(reader, images["private"]) == 200
    response = reader.post("/v2/images", {"name": "x"})
    assert response.status_code == 403
    assert response.json()["message"] == "You are not authorized to complete add_image action."
