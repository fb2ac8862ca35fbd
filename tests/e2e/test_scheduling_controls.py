"""Scheduling controls on a cloud of simulated hosts: zones, aggregate extra specs, tenant isolation
and server groups, with every process real (Placement, conductor, scheduler, simulated agents).

The tests watch rows and the API and assert where servers land, never timings.
"""
import threading

import pytest
import requests

from flavors.models import Flavor
from flavors.services import ensure_defaults
from flavors.services.records import create as create_flavor
from flavors.services.records import set_extra_specs
from hosts.models import Aggregate
from tests.conftest import ADMIN_TOKEN, APIClient
from tests.e2e.conftest import wait_until
from tests.e2e.test_simulated_hosts import SLOW, VERSION, boot, placement, show, wait_for_nodes
from tests.instances.factories import make_image

pytestmark = pytest.mark.e2e
FILTERS = ("ComputeFilter,AvailabilityZoneFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,"
           "AggregateInstanceExtraSpecsFilter,AggregateMultiTenancyIsolation,AggregateImagePropertiesIsolation,"
           "ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter,SameHostFilter,DifferentHostFilter")


@pytest.fixture
def scheduling_env(node_env, settings):
    """Before any process starts: the aggregate filters on, and quotas out of the way (in the
    processes, and in this one, whose in-process API checks quotas too)."""
    node_env.update({"XCOMPUTE_SCHEDULER_FILTERS": FILTERS, "XCOMPUTE_QUOTA_INSTANCES": "-1",
                     "XCOMPUTE_QUOTA_CORES": "-1", "XCOMPUTE_QUOTA_RAM": "-1",
                     "XCOMPUTE_QUOTA_SERVER_GROUP_MEMBERS": "-1"})
    settings.XCOMPUTE_QUOTA_INSTANCES = settings.XCOMPUTE_QUOTA_CORES = settings.XCOMPUTE_QUOTA_RAM = -1
    settings.XCOMPUTE_QUOTA_SERVER_GROUP_MEMBERS = -1


@pytest.fixture
def cloud(scheduling_env, placement_url, conductor, scheduler, simulated_hosts):
    nodes = wait_for_nodes(placement_url, simulated_hosts)
    ensure_defaults()
    return {"placement": placement_url, "hosts": simulated_hosts, "nodes": nodes,
            "image": make_image(name="guest", owner="admin")}


def aggregate(api, cloud, name, hosts, zone=None, **metadata):
    """An aggregate holding `hosts`, once Placement has its providers in it."""
    body = {"aggregate": {"name": name, **({"availability_zone": zone} if zone else {})}}
    aggregate_id = api.post("/v2.1/os-aggregates", body).json()["aggregate"]["id"]
    for host in hosts:
        assert api.post(f"/v2.1/os-aggregates/{aggregate_id}/action", {"add_host": {"host": host}}).status_code == 200
    if metadata:
        api.post(f"/v2.1/os-aggregates/{aggregate_id}/action", {"set_metadata": {"metadata": metadata}})
    uuid = str(Aggregate.objects.get(id=aggregate_id).uuid)
    for host in hosts:
        node = cloud["nodes"][host]
        wait_until(lambda node=node: uuid in placement(cloud["placement"], f"/resource_providers/{node.uuid}/aggregates")
                   ["aggregates"], timeout=SLOW, what=f"{host} in aggregate {name} in placement")
    return aggregate_id


def boot_all(api, cloud, count, **fields):
    """`count` servers of one request, once they all settled: their bodies."""
    reservation = boot(api, cloud["image"], min_count=count, max_count=count, return_reservation_id=True, **fields)
    admin = APIClient()
    listed = admin.get(f"/v2.1/servers/detail?all_tenants=1&reservation_id={reservation['reservation_id']}",
                       version=VERSION).json()["servers"]
    ids = [server["id"] for server in listed]
    assert len(ids) == count
    return wait_until(lambda: (servers := [show(admin, i) for i in ids]) and all(
        s["status"] in ("ACTIVE", "ERROR") for s in servers) and servers, timeout=SLOW, what=f"{count} servers")


def hosts_of(servers):
    assert {s["status"] for s in servers} == {"ACTIVE"}, [s.get("fault") for s in servers]
    return [s["OS-EXT-SRV-ATTR:host"] for s in servers]


def test_zones_aggregate_extra_specs_and_tenant_isolation_decide_where_servers_land(cloud):
    api = APIClient()
    h = cloud["hosts"]
    aggregate(api, cloud, "az1", h[:2], zone="az1")
    aggregate(api, cloud, "fast", [h[2]], ssd="true")
    aggregate(api, cloud, "reserved", [h[3]], filter_tenant_id="project-t")

    # AZ pinning: the zone's hosts only; the default zone: none of them.
    assert set(hosts_of(boot_all(api, cloud, 3, availability_zone="az1"))) <= set(h[:2])
    assert not set(hosts_of(boot_all(api, cloud, 2, availability_zone="nova"))) & set(h[:2])

    # Aggregate extra specs: a flavor asking for ssd lands on the ssd aggregate's host.
    flavor = create_flavor("ssd.tiny", 1, 512, 1, flavorid="ssd")
    set_extra_specs(Flavor.objects.get(pk=flavor.pk), {"aggregate_instance_extra_specs:ssd": "true"})
    assert set(hosts_of(boot_all(api, cloud, 2, flavor="ssd"))) == {h[2]}

    # Tenant isolation: another project never reaches the reserved (and emptiest) host.
    other = APIClient("bob:project-b")
    assert h[3] not in hosts_of(boot_all(other, cloud, 4))
    assert set(hosts_of(boot_all(APIClient("tess:project-t"), cloud, 1, availability_zone="nova"))) <= {
        h[2], h[3], h[4]}


def group(api, policy):
    response = api.post("/v2.1/os-server-groups", {"server_group": {"name": policy, "policy": policy}},
                        version="2.64")
    assert response.status_code == 200, response.content
    return response.json()["server_group"]["id"]


def test_server_groups_spread_co_locate_and_explain_when_anti_affinity_runs_out(cloud):
    api = APIClient()
    hosts = cloud["hosts"]

    anti = group(api, "anti-affinity")
    spread = hosts_of(_boot_group(api, cloud, len(hosts), anti))
    assert sorted(spread) == sorted(hosts)  # one member per host
    [extra] = _boot_group(api, cloud, 1, anti)
    assert extra["status"] == "ERROR"
    assert "rejected by ServerGroupAntiAffinityFilter" in extra["fault"]["message"]

    soft = group(api, "soft-anti-affinity")
    placed = hosts_of(_boot_group(api, cloud, len(hosts) + 2, soft))
    assert set(placed) == set(hosts)  # more members than hosts: all placed, over every host

    affinity = group(api, "affinity")
    assert len(set(hosts_of(_boot_group(api, cloud, 3, affinity)))) == 1


def _boot_group(api, cloud, count, group_id):
    body = {"server": {"name": "member", "flavorRef": "1", "imageRef": str(cloud["image"].id), "networks": "none",
                       "min_count": count, "max_count": count, "return_reservation_id": True},
            "os:scheduler_hints": {"group": group_id}}
    response = api.post("/v2.1/servers", body, version=VERSION)
    assert response.status_code == 202, response.content
    reservation = response.json()["reservation_id"]
    listed = api.get(f"/v2.1/servers/detail?reservation_id={reservation}", version=VERSION).json()["servers"]
    ids = [server["id"] for server in listed]
    return wait_until(lambda: (servers := [show(api, i) for i in ids]) and all(
        s["status"] in ("ACTIVE", "ERROR") for s in servers) and servers, timeout=SLOW, what="group members")


@pytest.mark.parametrize("simulated_fleet", [{"count": 10, "vcpus": 16, "memory_mb": 65536, "disk_gb": 100}])
def test_twenty_concurrent_boots_into_one_anti_affinity_group_on_ten_hosts_fill_each_host_once(
        scheduling_env, placement_url, compute_api, cloud, simulated_fleet, processes, node_env):
    # Two schedulers and two conductor processes, so boots into the group really race.
    processes.start("nova-scheduler-2", processes.running["nova-scheduler"].args, node_env)
    processes.start("nova-conductor-2", processes.running["nova-conductor"].args, node_env)
    gid = group(APIClient(), "anti-affinity")
    server_ids, errors = [], []

    def post():
        body = {"server": {"name": "race", "flavorRef": "1", "imageRef": str(cloud["image"].id), "networks": "none"},
                "os:scheduler_hints": {"group": gid}}
        response = requests.post(f"{compute_api}/v2.1/servers", json=body, timeout=60, headers={
            "X-Auth-Token": ADMIN_TOKEN, "OpenStack-API-Version": f"compute {VERSION}"})
        (server_ids.append(response.json()["server"]["id"]) if response.status_code == 202
         else errors.append(response.text))

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(server_ids) == 20
    api = APIClient()
    servers = wait_until(lambda: (found := [show(api, i) for i in server_ids]) and all(
        s["status"] in ("ACTIVE", "ERROR") for s in found) and found, timeout=SLOW * 2, interval=1,
        what="all 20 servers to settle")
    active = [s for s in servers if s["status"] == "ACTIVE"]
    failed = [s for s in servers if s["status"] == "ERROR"]
    assert (len(active), len(failed)) == (10, 10)
    assert sorted(s["OS-EXT-SRV-ATTR:host"] for s in active) == sorted(cloud["hosts"])
    for server in failed:
        message = server["fault"]["message"]
        assert "No valid host was found" in message and "ServerGroupAntiAffinityFilter" in message, message
