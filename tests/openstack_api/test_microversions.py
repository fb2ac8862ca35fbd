"""Microversion negotiation: one mechanism, Nova's header rules and error shapes."""
import pytest
from rest_framework.exceptions import NotAcceptable, ParseError

from openstack_api.microversions import COMPUTE, PLACEMENT, APIVersion, negotiate


def test_no_header_means_the_minimum_version():
    assert negotiate({}, COMPUTE) == APIVersion(2, 1)


def test_latest_means_the_maximum_version():
    assert negotiate({"OpenStack-API-Version": "compute latest"}, COMPUTE) == COMPUTE.max_version


def test_the_legacy_nova_header_is_honoured():
    assert negotiate({"X-OpenStack-Nova-API-Version": "2.53"}, COMPUTE) == APIVersion(2, 53)


def test_the_standard_header_wins_over_the_legacy_one():
    headers = {"OpenStack-API-Version": "compute 2.60", "X-OpenStack-Nova-API-Version": "2.11"}
    assert negotiate(headers, COMPUTE) == APIVersion(2, 60)


def test_a_header_for_another_service_is_ignored():
    assert negotiate({"OpenStack-API-Version": "placement 1.39"}, COMPUTE) == APIVersion(2, 1)


def test_several_services_in_one_header_pick_ours():
    assert negotiate({"OpenStack-API-Version": "placement 1.0, compute 2.11"}, COMPUTE) == APIVersion(2, 11)


@pytest.mark.parametrize("text", ["2", "2.x", "two", "2.1.1", "02.1", "2.01"])
def test_a_malformed_version_is_a_parse_error(text):
    with pytest.raises(ParseError):
        negotiate({"OpenStack-API-Version": f"compute {text}"}, COMPUTE)


@pytest.mark.parametrize("text", ["2.0", "3.0", "2.9999", "1.1"])
def test_a_version_outside_the_range_is_not_acceptable(text):
    with pytest.raises(NotAcceptable):
        negotiate({"OpenStack-API-Version": f"compute {text}"}, COMPUTE)


def test_versions_compare_numerically_not_as_text():
    assert APIVersion(2, 10) > "2.9"
    assert APIVersion.parse("2.53").matches("2.53", None)
    assert not APIVersion.parse("2.52").matches("2.53", None)


def test_placement_negotiates_with_its_own_service_type():
    assert negotiate({"OpenStack-API-Version": "placement latest"}, PLACEMENT) == PLACEMENT.max_version


class TestOverHTTP:
    def test_the_response_names_the_version_served(self, admin_api):
        response = admin_api.get("/v2.1/os-services", version="2.53")
        assert response["OpenStack-API-Version"] == "compute 2.53"
        assert response["X-OpenStack-Nova-API-Version"] == "2.53"
        assert "OpenStack-API-Version" in response["Vary"]

    def test_an_unsupported_version_is_a_406_in_novas_shape(self, admin_api):
        response = admin_api.get("/v2.1/os-services", version="2.999")
        assert response.status_code == 406
        assert response.json() == {"computeFault": {"code": 406, "message": (
            f"Version 2.999 is not supported by the API. Minimum is 2.1 and maximum is {COMPUTE.max_version}.")}}

    def test_a_malformed_version_is_a_400_in_novas_shape(self, admin_api):
        response = admin_api.get("/v2.1/os-services", version="2.x")
        assert response.status_code == 400
        assert "is of invalid format" in response.json()["badRequest"]["message"]
