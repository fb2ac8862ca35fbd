"""A node's report against a real placement-api: reserves land in `reserved`, initial ratios yield to Placement's."""
import pytest
import requests

from hostagent.inventory import InventoryPolicy, compute_node_report
from hostagent.virt.types import HostResources
from hosts import compute_nodes
from placement.client import PlacementClient

pytestmark = pytest.mark.e2e
HEADERS = {"X-Auth-Token": "admin", "OpenStack-API-Version": "placement 1.39"}
HOST = HostResources(hypervisor_hostname="hv1", hypervisor_type="QEMU", vcpus=8, memory_mb=16384, disk_gb=100)


@pytest.fixture
def client(placement_url, settings):
    settings.XCOMPUTE_PLACEMENT_URL = placement_url
    return PlacementClient(placement_url, settings.XCOMPUTE_PLACEMENT_TOKEN)


def report(client, policy):
    payload = compute_node_report("host1", HOST, policy)
    return compute_nodes.record_report(payload["host"], payload["resources"], payload["inventory"], client,
                                       initial_ratios=payload["initial_ratios"])


def inventories(placement_url, node) -> dict:
    return requests.get(f"{placement_url}/resource_providers/{node.uuid}/inventories", headers=HEADERS,
                        timeout=5).json()["inventories"]


def test_placement_gets_the_reserves_and_keeps_a_ratio_the_operator_changed_unless_one_is_configured(
        client, placement_url):
    # given a host reported with reserves and no configured ratios
    node = report(client, InventoryPolicy(reserved_host_cpus=1, reserved_host_memory_mb=1024,
                                          reserved_host_disk_mb=2048))
    first = inventories(placement_url, node)
    assert {name: (spec["total"], spec["reserved"], spec["allocation_ratio"]) for name, spec in first.items()} == {
        "VCPU": (8, 1, 4.0), "MEMORY_MB": (16384, 1024, 1.0), "DISK_GB": (100, 2, 1.0)}
    # when an operator changes the VCPU ratio through Placement and the host reports again
    generation = requests.get(f"{placement_url}/resource_providers/{node.uuid}", headers=HEADERS,
                              timeout=5).json()["generation"]
    changed = requests.put(f"{placement_url}/resource_providers/{node.uuid}/inventories/VCPU", headers=HEADERS,
                           json={**first["VCPU"], "allocation_ratio": 8.0, "resource_provider_generation": generation},
                           timeout=5)
    assert changed.status_code == 200, changed.text
    report(client, InventoryPolicy(reserved_host_memory_mb=2048))
    # then the operator's ratio stays and the new reserve is written
    second = inventories(placement_url, node)
    assert (second["VCPU"]["allocation_ratio"], second["MEMORY_MB"]["reserved"]) == (8.0, 2048)
    # and a configured ratio overwrites Placement's
    report(client, InventoryPolicy(cpu_allocation_ratio=2.0))
    assert inventories(placement_url, node)["VCPU"]["allocation_ratio"] == 2.0
