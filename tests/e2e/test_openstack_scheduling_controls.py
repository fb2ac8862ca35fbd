"""Scheduling controls through the unmodified `openstack` CLI against a cloud of simulated hosts.

The issue's "done when": an aggregate made a zone with a host and a property, the zones listed,
a server booted into the zone, an anti-affinity group and three servers booted into it, which land
on three different hosts; every command is python-openstackclient's own.
"""
import json

import pytest

from flavors.services import ensure_defaults
from hosts.models import Aggregate
from instances.models import Instance
from tests.e2e.conftest import openstack_cli, wait_until
from tests.e2e.test_simulated_hosts import SLOW, placement, wait_for_nodes
from tests.instances.factories import make_image

pytestmark = pytest.mark.e2e


@pytest.fixture
def cloud(placement_url, compute_api, image_api_url, conductor, scheduler, simulated_hosts, tmp_path):
    nodes = wait_for_nodes(placement_url, simulated_hosts)
    ensure_defaults()
    run = openstack_cli(tmp_path, {"compute": f"{compute_api}/v2.1", "placement": placement_url,
                                   "image": image_api_url})
    return {"run": run, "placement": placement_url, "hosts": simulated_hosts, "nodes": nodes,
            "image": make_image(name="guest", owner="admin")}


def settled(uuids):
    rows = list(Instance.objects.filter(uuid__in=uuids))
    return len(rows) == len(uuids) and all(row.vm_state in ("active", "error") for row in rows) and rows


def test_the_openstack_cli_makes_a_zone_and_an_anti_affinity_group_and_servers_land_as_they_say(cloud):
    run, hosts = cloud["run"], cloud["hosts"]
    zoned = hosts[0]

    # An aggregate that is a zone, with one host and a property.
    created = json.loads(run("aggregate", "create", "--zone", "az1", "agg1", "-f", "json"))
    assert created["availability_zone"] == "az1"
    run("aggregate", "add", "host", "agg1", zoned)
    run("aggregate", "set", "--property", "ssd=true", "agg1")
    shown = json.loads(run("aggregate", "show", "agg1", "-f", "json"))
    assert shown["hosts"] == [zoned] and shown["properties"] == {"ssd": "true"}
    aggregate = Aggregate.objects.get(name="agg1")
    node = cloud["nodes"][zoned]
    wait_until(lambda: str(aggregate.uuid) in placement(
        cloud["placement"], f"/resource_providers/{node.uuid}/aggregates")["aggregates"],
        timeout=SLOW, what="the aggregate mirrored into placement")

    zones = json.loads(run("availability", "zone", "list", "--long", "-f", "json"))
    by_zone = {(row["Zone Name"], row["Host Name"]) for row in zones}
    assert ("az1", zoned) in by_zone and ("nova", hosts[1]) in by_zone

    # A server booted into the zone lands on its one host.
    image = str(cloud["image"].id)
    server = json.loads(run("server", "create", "--flavor", "m1.tiny", "--image", image, "--nic", "none",
                            "--availability-zone", "az1", "in-az1", "-f", "json"))
    rows = wait_until(lambda: settled([server["id"]]), timeout=SLOW, what="the zoned server")
    assert (rows[0].vm_state, rows[0].host) == ("active", zoned)

    # Three servers in an anti-affinity group land on three different hosts.
    group = json.loads(run("server", "group", "create", "--policy", "anti-affinity", "g1", "-f", "json"))
    run("server", "create", "--flavor", "m1.tiny", "--image", image, "--nic", "none", "--hint",
        f"group={group['id']}", "--min", "3", "--max", "3", "spread")
    shown = json.loads(run("server", "group", "show", "g1", "-f", "json"))
    assert len(shown["members"]) == 3 and shown["policy"] == "anti-affinity"
    rows = wait_until(lambda: settled(shown["members"]), timeout=SLOW, what="the group's servers")
    assert {row.vm_state for row in rows} == {"active"}
    assert len({row.host for row in rows}) == 3
