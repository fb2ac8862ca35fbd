"""GET /v2/images: filters, sorting and marker pagination with `next` links."""
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.images.factories import make_image


def names(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [image["name"] for image in response.json()["images"]]


def test_filters_by_name_status_tag_property_and_size(image_api):
    make_image(name="debian", os_distro="debian", tags=["linux", "small"], payload=b"x" * 10)
    make_image(name="ubuntu", os_distro="ubuntu", tags=["linux"], payload=b"x" * 1000)
    make_image(name="empty")

    assert names(image_api.get("/v2/images?name=debian")) == ["debian"]
    assert sorted(names(image_api.get("/v2/images?status=active"))) == ["debian", "ubuntu"]
    assert names(image_api.get("/v2/images?status=in:queued,saving")) == ["empty"]
    assert names(image_api.get("/v2/images?tag=linux&tag=small")) == ["debian"]
    assert names(image_api.get("/v2/images?os_distro=ubuntu")) == ["ubuntu"]
    assert names(image_api.get("/v2/images?size_min=100")) == ["ubuntu"]
    assert names(image_api.get("/v2/images?size_max=100")) == ["debian"]
    assert names(image_api.get("/v2/images?owner=nobody")) == []


@pytest.mark.parametrize("query, fragment", [
    ("limit=many", "limit param must be an integer"),
    ("limit=-1", "limit param must be positive"),
    ("sort_key=colour", "Invalid sort key: colour"),
    ("sort_dir=sideways", "Invalid sort direction"),
    ("sort=name:asc&sort_key=name", "cannot be used with the 'sort' parameter"),
    ("visibility=everyone", "Invalid visibility value"),
    ("status=sleeping", "Invalid status value"),
    ("size_min=big", "size_min"),
    ("marker=7a2c1b64-e8d4-4c2b-9b8c-1ed4b9c6a1f0", "Invalid marker"),
])
def test_bad_list_parameters_are_a_400(image_api, query, fragment):
    response = image_api.get(f"/v2/images?{query}")
    assert response.status_code == 400
    assert fragment in response.json()["message"]


def test_sorting_by_several_keys_in_both_syntaxes(image_api):
    for name, min_ram in (("b", 1), ("a", 2), ("c", 1)):
        make_image(name=name, min_ram=min_ram)

    assert names(image_api.get("/v2/images?sort=min_ram:asc,name:desc")) == ["c", "b", "a"]
    assert names(image_api.get("/v2/images?sort_key=min_ram&sort_key=name&sort_dir=desc&sort_dir=asc")) == \
        ["a", "b", "c"]


def test_following_next_links_walks_every_image_once_in_order(image_api):
    expected = sorted(f"image-{index:02}" for index in range(7))
    for name in expected:
        make_image(name=name)
    make_image(name=None)  # NULL names sort first ascending, and the marker must step over them

    seen, url, pages = [], "/v2/images?limit=3&sort=name:asc", 0
    while url:
        body = image_api.get(url).json()
        seen += [image["name"] for image in body["images"]]
        assert body["first"] == "/v2/images?limit=3&sort=name%3Aasc"
        url, pages = body.get("next"), pages + 1

    assert seen == [None, *expected] and pages == 3


def test_the_next_link_keeps_the_filters_and_adds_the_marker(image_api):
    images = [make_image(name="same") for _ in range(3)]
    body = image_api.get("/v2/images?name=same&limit=2").json()

    query = parse_qs(urlparse(body["next"]).query)
    assert query == {"name": ["same"], "limit": ["2"], "marker": [body["images"][-1]["id"]]}
    assert len(image_api.get(body["next"]).json()["images"]) == 1
    assert {image["id"] for image in body["images"]} < {str(image.id) for image in images}


def test_a_page_costs_the_same_number_of_queries_whatever_its_size(image_api):
    def queries_for_page(limit):
        with CaptureQueriesContext(connection) as captured:
            assert len(image_api.get(f"/v2/images?limit={limit}&tag=t").json()["images"]) == limit
        return len(captured)

    for index in range(12):
        make_image(name=f"i{index}", tags=["t", f"tag{index}"], os_distro="x")

    assert queries_for_page(2) == queries_for_page(12)
