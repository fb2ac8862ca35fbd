"""Hypervisors through the unmodified `openstack` CLI: a simulated compute host registered by its agent.

The agent reports its node through the conductor to Placement (as in test_boot_path); the Compute
API under gunicorn then shows it. python-openstackclient negotiates 2.88 for hypervisors, where
capacity is gone; at 2.87 it shows the used capacity, which is Placement's.
"""
import json
import uuid

import pytest
import requests

from hosts.models import ComputeNode, Service
from placement.client import PlacementClient
from tests.e2e.conftest import openstack_cli, wait_until

pytestmark = pytest.mark.e2e
PLACEMENT = {"X-Auth-Token": "admin", "OpenStack-API-Version": "placement 1.39"}


@pytest.fixture
def node(placement_url, conductor, agent, host_name):
    """The simulated host's compute node, once its service is registered and its inventory is in Placement."""
    found = wait_until(lambda: ComputeNode.objects.filter(host=host_name).first(), what="the compute node")
    wait_until(lambda: Service.objects.filter(host=host_name, binary="nova-compute").exists(),
               what="the nova-compute service")
    wait_until(lambda: requests.get(f"{placement_url}/resource_providers/{found.uuid}/inventories",
                                    headers=PLACEMENT, timeout=5).json().get("inventories"), what="the inventory")
    return found


@pytest.fixture
def openstack(node, placement_url, compute_api, tmp_path):
    """Runs the CLI against the Compute API (started after Placement, so it knows Placement's URL); JSON out."""
    cli = openstack_cli(tmp_path, {"compute": f"{compute_api}/v2.1", "placement": placement_url})
    return lambda *args: json.loads(cli(*args, "-f", "json"))


def test_openstack_cli_lists_and_shows_the_simulated_hypervisor(openstack, node, host_name):
    rows = openstack("hypervisor", "list")
    assert rows == [{"ID": str(node.uuid), "Hypervisor Hostname": host_name, "Hypervisor Type": node.hypervisor_type,
                     "Host IP": None, "State": "up"}]

    by_name = openstack("hypervisor", "show", host_name)
    by_id = openstack("hypervisor", "show", str(node.uuid))
    assert by_name == by_id
    assert (by_name["id"], by_name["hypervisor_hostname"], by_name["state"], by_name["status"]) == (
        str(node.uuid), host_name, "up", "enabled")
    assert (by_name["service_host"], by_name["aggregates"]) == (host_name, [])
    assert "memory_mb_used" not in by_name and by_name["cpu_info"] == {}  # capacity is gone at 2.88


def test_before_2_88_the_cli_shows_placement_usage(openstack, node, placement_url, host_name):
    client = PlacementClient(placement_url, "admin")
    assert client.claim(str(uuid.uuid4()), {str(node.uuid): {"resources": {"VCPU": 1, "MEMORY_MB": 256}}},
                        "p", "u")
    reserved = node.inventory["MEMORY_MB"]["reserved"]  # Nova counts the host's reserve as used

    shown = openstack("--os-compute-api-version", "2.87", "hypervisor", "show", host_name)
    assert (shown["hypervisor_hostname"], shown["vcpus_used"], shown["vcpus"]) == (host_name, 1, node.vcpus)
    assert (shown["memory_mb_used"], shown["memory_mb"]) == (256 + reserved, node.memory_mb)
    assert shown["running_vms"] == 0

    (row,) = openstack("--os-compute-api-version", "2.87", "hypervisor", "list", "--long")
    assert (row["vCPUs Used"], row["Memory MB Used"]) == (1, 256 + reserved)
