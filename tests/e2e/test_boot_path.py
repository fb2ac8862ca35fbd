"""Servers boot through the whole chain: API, conductor, scheduler, Placement and a simulated host.

Every process is real (gunicorn Placement, Celery workers on the broker, the agent on libvirt's
test driver); the test talks to the Compute API in-process and watches the rows and Placement.
"""
import pytest
import requests

from flavors.services import records
from tests.conftest import APIClient
from tests.e2e.conftest import wait_until

pytestmark = pytest.mark.e2e
PLACEMENT = {"X-Auth-Token": "admin", "OpenStack-API-Version": "placement 1.39"}
VERSION = "2.96"


def boot(api, image, flavor="1", **fields):
    body = {"server": {"name": "vm", "flavorRef": flavor, "imageRef": str(image.id), "networks": "none", **fields}}
    response = api.request("post", "/v2.1/servers", body, version=VERSION)
    assert response.status_code == 202, response.content
    return response.json()["server"]["id"]


def server(api, server_id):
    return api.get(f"/v2.1/servers/{server_id}", version=VERSION).json()["server"]


def allocations(cloud, server_id):
    return requests.get(f"{cloud['placement']}/allocations/{server_id}", headers=PLACEMENT,
                        timeout=5).json()["allocations"]


def test_a_server_boots_on_the_simulated_host_and_its_delete_frees_its_claim(cloud, host_name):
    api = APIClient()
    server_id = boot(api, cloud["image"])
    active = wait_until(lambda: (s := server(api, server_id))["status"] == "ACTIVE" and s, what="ACTIVE")
    assert active["OS-EXT-SRV-ATTR:host"] == host_name
    assert active["OS-EXT-STS:power_state"] == 1
    assert active["OS-EXT-AZ:availability_zone"] == "nova"  # booted without a zone: it takes its host's
    held = allocations(cloud, server_id)
    assert {provider: entry["resources"] for provider, entry in held.items()} == {
        str(cloud["node"].uuid): {"VCPU": 1, "MEMORY_MB": 512, "DISK_GB": 1}}
    events = api.get(f"/v2.1/servers/{server_id}/os-instance-actions", version=VERSION).json()["instanceActions"]
    assert [action["action"] for action in events] == ["create"]

    assert api.delete(f"/v2.1/servers/{server_id}", version=VERSION).status_code == 204
    wait_until(lambda: api.get(f"/v2.1/servers/{server_id}", version=VERSION).status_code == 404, what="deleted")
    wait_until(lambda: allocations(cloud, server_id) == {}, what="the claim to be freed")


def test_a_server_no_host_can_take_goes_to_error_with_an_explanation(cloud):
    api = APIClient()
    records.create("huge", vcpus=1, memory_mb=40_000, root_gb=1, flavorid="huge")  # within quota, beyond the host
    server_id = boot(api, cloud["image"], flavor="huge")
    failed = wait_until(lambda: (s := server(api, server_id))["status"] == "ERROR" and s, what="ERROR")
    assert failed["fault"]["message"].startswith("No valid host was found")
    assert allocations(cloud, server_id) == {}


def test_a_request_over_the_instance_quota_is_refused_before_anything_is_created(cloud):
    api = APIClient()
    body = {"server": {"name": "vm", "flavorRef": "1", "imageRef": str(cloud["image"].id), "networks": "none",
                       "min_count": 11, "max_count": 11}}
    response = api.post("/v2.1/servers", body, version=VERSION)
    assert response.status_code == 403
    assert response.json()["forbidden"]["message"] == (
        "Quota exceeded for instances: Requested 11, but already used 0 of 10 instances")
    assert api.get("/v2.1/servers", version=VERSION).json()["servers"] == []
