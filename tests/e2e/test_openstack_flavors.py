"""Flavors through the unmodified `openstack` CLI against the Compute API under gunicorn."""
import json

import pytest

from flavors.services import ensure_defaults
from tests.e2e.conftest import openstack_cli

pytestmark = pytest.mark.e2e


@pytest.fixture
def openstack(compute_api, tmp_path):
    """`openstack --os-cloud xcompute ...` with the clouds.yaml bootstrap writes (whose identity v3
    override lets `flavor create` past its identity-proxy check)."""
    return openstack_cli(tmp_path, {"compute": f"{compute_api}/v2.1", "placement": "http://127.0.0.1:1"})


def test_openstack_cli_lists_creates_tags_shows_and_deletes_a_flavor(openstack):
    ensure_defaults()  # what bootstrap does on a fresh node
    names = [row["Name"] for row in json.loads(openstack("flavor", "list", "-f", "json"))]
    assert names == ["m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge"]

    created = json.loads(openstack("flavor", "create", "--vcpus", "1", "--ram", "256", "--disk", "1", "f1",
                                   "-f", "json"))
    assert (created["name"], created["vcpus"], created["ram"], created["disk"]) == ("f1", 1, 256, 1)

    openstack("flavor", "set", "--property", "trait:HW_CPU_X86_AVX2=required", "f1")
    shown = json.loads(openstack("flavor", "show", "f1", "-f", "json"))
    assert shown["id"] == created["id"]
    assert shown["properties"] == {"trait:HW_CPU_X86_AVX2": "required"}

    openstack("flavor", "delete", "f1")
    remaining = [row["Name"] for row in json.loads(openstack("flavor", "list", "--all", "-f", "json"))]
    assert "f1" not in remaining


def test_the_cli_pages_through_flavor_lists_and_sees_a_new_microversions_bodies(openstack):
    ensure_defaults()
    rows = json.loads(openstack("--os-compute-api-version", "2.75", "flavor", "list", "--long", "--limit", "2",
                                "-f", "json"))
    assert [row["Name"] for row in rows] == ["m1.tiny", "m1.small"]
    shown = json.loads(openstack("--os-compute-api-version", "2.75", "flavor", "show", "m1.tiny", "-f", "json"))
    assert shown["swap"] == 0
