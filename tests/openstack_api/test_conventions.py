"""Conventions every response follows: request ids, error bodies, version documents."""
import re

import pytest

from openstack_api.microversions import COMPUTE

REQUEST_ID = re.compile(r"^req-[0-9a-f-]{36}$")


@pytest.mark.parametrize("path", ["/", "/v2.1", "/v2.1/os-services", "/v2.1/no-such-thing"])
def test_every_response_carries_both_request_id_headers(admin_api, path):
    response = admin_api.get(path)
    assert REQUEST_ID.match(response["x-openstack-request-id"])
    assert response["x-compute-request-id"] == response["x-openstack-request-id"]


def test_each_request_gets_its_own_id(admin_api):
    first, second = admin_api.get("/"), admin_api.get("/")
    assert first["x-openstack-request-id"] != second["x-openstack-request-id"]


def test_an_unknown_url_is_item_not_found(admin_api):
    response = admin_api.get("/v2.1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["itemNotFound"]["code"] == 404


def test_a_method_the_resource_lacks_is_bad_method(admin_api):
    response = admin_api.request("post", "/v2.1/os-services", body={})
    assert response.status_code == 405
    assert response.json()["badMethod"]["code"] == 405


def test_the_root_lists_v2_1_with_its_microversion_range(anonymous_api):
    versions = anonymous_api.get("/").json()["versions"]
    assert versions == [{
        "id": "v2.1", "status": "CURRENT", "version": str(COMPUTE.max_version), "min_version": "2.1",
        "updated": "2013-07-23T11:33:21Z", "links": [{"rel": "self", "href": "http://testserver/v2.1/"}],
    }]


@pytest.mark.parametrize("path", ["/v2.1", "/v2.1/"])
def test_the_v2_1_document_needs_no_token(anonymous_api, path):
    version = anonymous_api.get(path).json()["version"]
    assert version["id"] == "v2.1"
    assert version["media-types"][0]["type"] == "application/vnd.openstack.compute+json;version=2.1"


def test_an_unexpected_error_is_a_compute_fault_without_a_traceback(admin_api, monkeypatch):
    from hosts.api import views

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.ServiceSerializer, "to_representation", explode)
    from tests.factories import make_service

    make_service()
    admin_api.client.raise_request_exception = False
    response = admin_api.get("/v2.1/os-services")
    assert response.status_code == 500
    assert "computeFault" in response.json()
    assert "secret internals" not in response.content.decode()
    assert REQUEST_ID.match(response["x-openstack-request-id"])


class TestPlacementRoot:
    @pytest.fixture(autouse=True)
    def placement(self, settings):
        settings.ROOT_URLCONF = "xcompute_site.urls.placement"
        settings.XCOMPUTE_API_SERVICE = "placement"

    def test_the_root_document_is_placements_shape(self, anonymous_api):
        response = anonymous_api.get("/")
        assert response.json()["versions"][0]["id"] == "v1.0"
        assert set(response.json()["versions"][0]) == {"id", "max_version", "min_version", "status", "links"}
        assert REQUEST_ID.match(response["x-openstack-request-id"])
        assert "x-compute-request-id" not in response

    def test_errors_use_placements_shape(self, anonymous_api):
        error = anonymous_api.get("/no_such_thing").json()["errors"][0]
        assert error["status"] == 404
        assert error["title"] == "Not Found"
        assert REQUEST_ID.match(error["request_id"])
