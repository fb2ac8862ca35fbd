"""A cloud of simulated hypervisors served by one process: boots spread, skip, reschedule and race.

Every process is real (gunicorn Placement, Celery conductor and scheduler on the broker, and
`python -m hostagent.simulated` serving five or more hosts, each on its own libvirt test-driver
node file); the test watches the rows, the API and Placement, and asserts outcomes, never timings.
"""
import threading

import pytest
import requests

from flavors.services import ensure_defaults
from hosts.models import ComputeNode, Service
from tests.conftest import ADMIN_TOKEN, APIClient
from tests.e2e.conftest import start_simulated_hosts, wait_until
from tests.instances.factories import make_image

pytestmark = pytest.mark.e2e
PLACEMENT = {"X-Auth-Token": "admin", "OpenStack-API-Version": "placement 1.39"}
VERSION = "2.96"
SLOW = 120  # deadlines for a loaded two-core CI machine: generous, and never asserted on


def placement(url, path):
    return requests.get(f"{url}{path}", headers=PLACEMENT, timeout=10).json()


def wait_for_nodes(placement_url, hosts) -> dict[str, ComputeNode]:
    """Every host's compute node, once its service heartbeated and its inventory reached Placement."""
    def reported():
        nodes = {node.host: node for node in ComputeNode.objects.filter(host__in=hosts)}
        services = Service.objects.filter(host__in=hosts, binary="nova-compute").count()
        return len(nodes) == services == len(hosts) and all(
            placement(placement_url, f"/resource_providers/{node.uuid}/inventories").get("inventories")
            for node in nodes.values()) and nodes
    return wait_until(reported, timeout=SLOW, interval=0.5, what=f"inventories of {len(hosts)} simulated hosts")


@pytest.fixture
def sim_cloud(placement_url, conductor, scheduler, simulated_hosts):
    """Placement, conductor, scheduler and the simulated hosts, all reported; flavors and an image."""
    nodes = wait_for_nodes(placement_url, simulated_hosts)
    ensure_defaults()
    return {"placement": placement_url, "hosts": simulated_hosts, "nodes": nodes,
            "image": make_image(name="guest", owner="admin")}


def boot(api, image, flavor="1", **fields):
    body = {"server": {"name": "vm", "flavorRef": flavor, "imageRef": str(image.id), "networks": "none", **fields}}
    response = api.request("post", "/v2.1/servers", body, version=VERSION)
    assert response.status_code == 202, response.content
    return response.json()


def show(api, server_id):
    return api.get(f"/v2.1/servers/{server_id}", version=VERSION).json()["server"]


def settled(api, server_ids, status="ACTIVE"):
    """All servers, once every one is in `status` (the predicate of a wait_until)."""
    servers = [show(api, server_id) for server_id in server_ids]
    return all(server["status"] == status for server in servers) and servers


def allocations(cloud, server_id):
    return placement(cloud["placement"], f"/allocations/{server_id}")["allocations"]


def test_servers_boot_across_the_simulated_hosts_and_list_show_and_delete_like_any_other(sim_cloud):
    api = APIClient()
    reservation = boot(api, sim_cloud["image"], min_count=5, max_count=5, return_reservation_id=True)
    listed = api.get(f"/v2.1/servers/detail?reservation_id={reservation['reservation_id']}", version=VERSION)
    server_ids = [server["id"] for server in listed.json()["servers"]]
    assert len(server_ids) == 5
    servers = wait_until(lambda: settled(api, server_ids), timeout=SLOW, what="five ACTIVE servers")
    hosts = {server["OS-EXT-SRV-ATTR:host"] for server in servers}
    assert hosts <= set(sim_cloud["hosts"]) and len(hosts) > 1  # spread over several simulated hosts
    for server in servers:
        node = sim_cloud["nodes"][server["OS-EXT-SRV-ATTR:host"]]
        assert server["OS-EXT-SRV-ATTR:hypervisor_hostname"] == node.hypervisor_hostname == node.host
        assert list(allocations(sim_cloud, server["id"])) == [str(node.uuid)]

    detail = api.get("/v2.1/servers/detail", version=VERSION).json()["servers"]
    assert {s["id"]: s["OS-EXT-SRV-ATTR:host"] for s in detail} == {
        s["id"]: s["OS-EXT-SRV-ATTR:host"] for s in servers}

    for server_id in server_ids:
        assert api.delete(f"/v2.1/servers/{server_id}", version=VERSION).status_code == 204
    wait_until(lambda: all(api.get(f"/v2.1/servers/{i}", version=VERSION).status_code == 404 for i in server_ids),
               timeout=SLOW, what="all deleted")
    wait_until(lambda: all(allocations(sim_cloud, i) == {} for i in server_ids), timeout=SLOW, what="claims freed")


def test_disabled_simulated_hosts_are_skipped(sim_cloud):
    api = APIClient()
    *disabled, enabled = sim_cloud["hosts"]
    for host in disabled:
        response = api.put("/v2.1/os-services/disable-log-reason", {
            "host": host, "binary": "nova-compute", "disabled_reason": "maintenance"})
        assert response.status_code == 200, response.content
    for host in disabled:
        node = sim_cloud["nodes"][host]
        wait_until(lambda node=node: "COMPUTE_STATUS_DISABLED" in placement(
            sim_cloud["placement"], f"/resource_providers/{node.uuid}/traits")["traits"],
            timeout=SLOW, what=f"the disabled trait of {host}")

    reservation = boot(api, sim_cloud["image"], min_count=3, max_count=3, return_reservation_id=True)
    listed = api.get(f"/v2.1/servers/detail?reservation_id={reservation['reservation_id']}", version=VERSION)
    server_ids = [server["id"] for server in listed.json()["servers"]]
    servers = wait_until(lambda: settled(api, server_ids), timeout=SLOW, what="three ACTIVE servers")
    assert {server["OS-EXT-SRV-ATTR:host"] for server in servers} == {enabled}


def test_a_build_failure_on_one_simulated_host_reschedules_to_another(
        sim_cloud, processes, agent_env, host_name):
    # Given a host every weigher prefers (twice the size of the others) whose builds fail.
    failing = f"{host_name}-bad-001"
    start_simulated_hosts(processes, agent_env, "nova-compute-failing", f"{host_name}-bad", {
        "count": 1, "vcpus": 32, "memory_mb": 131072, "disk_gb": 2048, "failing_hosts": [failing]})
    bad_node = wait_for_nodes(sim_cloud["placement"], [failing])[failing]
    api = APIClient()
    # When a server boots.
    server_id = boot(api, sim_cloud["image"])["server"]["id"]
    # Then it is tried on the failing host first and becomes ACTIVE on another.
    active = wait_until(lambda: (s := show(api, server_id))["status"] in ("ACTIVE", "ERROR") and s,
                        timeout=SLOW, what="the server to settle")
    assert active["status"] == "ACTIVE", active.get("fault")
    assert active["OS-EXT-SRV-ATTR:host"] in sim_cloud["hosts"]
    assert f"build of {server_id} on {failing} failed" in processes.log("nova-compute-failing")
    assert str(bad_node.uuid) not in allocations(sim_cloud, server_id)  # the failed claim was freed


@pytest.fixture
def unlimited_quota(node_env):
    """Before any process starts: 50 boots of one project must reach the scheduler, not the quota."""
    node_env.update({"XCOMPUTE_QUOTA_INSTANCES": "-1", "XCOMPUTE_QUOTA_CORES": "-1", "XCOMPUTE_QUOTA_RAM": "-1"})


@pytest.mark.parametrize("simulated_fleet", [{"count": 5, "vcpus": 16, "memory_mb": 65536, "disk_gb": 6}])
def test_fifty_concurrent_boots_racing_for_thirty_places_never_overcommit_or_leak(
        unlimited_quota, placement_url, compute_api, sim_cloud, processes, node_env, simulated_fleet):
    # Given five hosts of 6 GB of disk: room for exactly 30 m1.tiny (1 GB each); and two schedulers.
    processes.start("nova-scheduler-2", processes.running["nova-scheduler"].args, node_env)
    image = sim_cloud["image"]
    server_ids, errors = [], []

    def post():
        body = {"server": {"name": "race", "flavorRef": "1", "imageRef": str(image.id), "networks": "none"}}
        response = requests.post(f"{compute_api}/v2.1/servers", json=body, timeout=60, headers={
            "X-Auth-Token": ADMIN_TOKEN, "OpenStack-API-Version": f"compute {VERSION}"})
        (server_ids.append(response.json()["server"]["id"]) if response.status_code == 202
         else errors.append(response.text))

    # When 50 boots are posted at once.
    threads = [threading.Thread(target=post) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(server_ids) == 50
    api = APIClient()

    def all_settled():
        statuses = {i: show(api, i)["status"] for i in server_ids}
        return all(status in ("ACTIVE", "ERROR") for status in statuses.values()) and statuses
    statuses = wait_until(all_settled, timeout=SLOW * 2, interval=1, what="all 50 servers to settle")

    # Then exactly 30 are ACTIVE, and Placement holds exactly their claims, within every inventory.
    active = {i for i, status in statuses.items() if status == "ACTIVE"}
    assert (len(active), len(statuses) - len(active)) == (30, 20)
    consumers = set()
    for node in sim_cloud["nodes"].values():
        inventories = placement(sim_cloud["placement"], f"/resource_providers/{node.uuid}/inventories")["inventories"]
        usages = placement(sim_cloud["placement"], f"/resource_providers/{node.uuid}/usages")["usages"]
        for resource_class, used in usages.items():
            spec = inventories[resource_class]
            assert used <= (spec["total"] - spec["reserved"]) * spec["allocation_ratio"], (node.host, resource_class)
        consumers |= set(placement(sim_cloud["placement"], f"/resource_providers/{node.uuid}/allocations")
                         ["allocations"])
    assert consumers == active
