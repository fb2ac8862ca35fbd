"""Without development tokens (as on `make up`'s node) the conductor reaches Placement with the service token."""
import pytest
import requests

from hosts.models import ComputeNode
from tests.e2e.conftest import wait_until

pytestmark = pytest.mark.e2e
SERVICE_TOKEN = "e2e-service-token-" + "s" * 30


@pytest.fixture
def node_env(node_env):
    """The test's processes accept identity tokens and the service token only."""
    node_env.update({"XCOMPUTE_DEVELOPMENT_TOKENS": "false", "XCOMPUTE_SERVICE_TOKEN": SERVICE_TOKEN})
    return node_env


def inventories(placement_url, node, token):
    return requests.get(f"{placement_url}/resource_providers/{node.uuid}/inventories", timeout=5,
                        headers={"X-Auth-Token": token, "OpenStack-API-Version": "placement 1.39"})


def test_the_agents_inventory_reaches_placement_through_the_service_token(placement_url, conductor, agent,
                                                                          host_name):
    node = wait_until(lambda: ComputeNode.objects.filter(host=host_name).first(), what="the compute node")
    found = wait_until(lambda: (r := inventories(placement_url, node, SERVICE_TOKEN)).status_code == 200
                       and r.json()["inventories"], what="the inventory")
    assert set(found) == {"VCPU", "MEMORY_MB", "DISK_GB"}
    assert inventories(placement_url, node, "admin").status_code == 401
