"""An agent's host appears in Placement with its inventory; disabling its service marks the provider."""
import pytest
import requests

from hosts.models import ComputeNode
from tests.conftest import APIClient
from tests.e2e.conftest import wait_until

pytestmark = pytest.mark.e2e
HEADERS = {"X-Auth-Token": "admin", "OpenStack-API-Version": "placement 1.39"}


def provider(placement_url, node):
    response = requests.get(f"{placement_url}/resource_providers/{node.uuid}", headers=HEADERS, timeout=5)
    return response.json() if response.status_code == 200 else None


def traits(placement_url, node):
    return requests.get(f"{placement_url}/resource_providers/{node.uuid}/traits", headers=HEADERS,
                        timeout=5).json()["traits"]


def test_the_agent_reports_its_inventory_and_the_disabled_switch_reaches_placement(
        placement_url, conductor, agent, host_name):
    node = wait_until(lambda: ComputeNode.objects.filter(host=host_name).first(), what="the compute node")
    assert node.hypervisor_hostname == host_name  # simulated hosts are named after their host
    wait_until(lambda: provider(placement_url, node), what="the resource provider")
    inventories = wait_until(lambda: requests.get(f"{placement_url}/resource_providers/{node.uuid}/inventories",
                                                  headers=HEADERS, timeout=5).json()["inventories"] or None,
                             what="the inventory")
    assert inventories["VCPU"]["total"] == node.vcpus
    assert inventories["VCPU"]["allocation_ratio"] == 4.0  # Nova's initial_cpu_allocation_ratio
    assert inventories["MEMORY_MB"]["reserved"] == 512
    assert inventories["MEMORY_MB"]["allocation_ratio"] == 1.0
    assert set(inventories) == {"VCPU", "MEMORY_MB", "DISK_GB"}

    wait_until(lambda: APIClient().get(f"/v2.1/os-services?host={host_name}&binary=nova-compute").json()["services"],
               what="the nova-compute service")
    # Outside a transaction (transactional_db), the enqueue-on-commit happens at once.
    response = APIClient().put("/v2.1/os-services/disable-log-reason", {
        "host": host_name, "binary": "nova-compute", "disabled_reason": "maintenance"})
    assert response.status_code == 200
    wait_until(lambda: "COMPUTE_STATUS_DISABLED" in traits(placement_url, node), what="the disabled trait")

    APIClient().put("/v2.1/os-services/enable", {"host": host_name, "binary": "nova-compute"})
    wait_until(lambda: "COMPUTE_STATUS_DISABLED" not in traits(placement_url, node), what="the trait to go")
