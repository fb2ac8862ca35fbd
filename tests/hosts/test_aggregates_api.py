"""os-aggregates and os-availability-zone through the Compute API, and the aggregates' Placement mirror."""
import pytest

from hosts import aggregate_sync, tasks
from hosts.models import Aggregate, ComputeNode
from tests.factories import make_service

INVENTORY = {"VCPU": {"total": 8, "reserved": 0, "allocation_ratio": 16.0},
             "MEMORY_MB": {"total": 4096, "reserved": 512, "allocation_ratio": 1.5}}


@pytest.fixture
def mirrored(monkeypatch):
    """The hosts whose Placement mirror was asked for (the conductor task, not sent anywhere)."""
    hosts = []
    monkeypatch.setattr(tasks.sync_host_aggregates, "delay", lambda host: hosts.append(host))
    return hosts


@pytest.fixture
def computes(db):
    for host in ("c1", "c2", "c3"):
        make_service(host, "nova-compute")
    make_service("ctl", "nova-conductor")
    return ["c1", "c2", "c3"]


def create(api, name="agg1", zone=None, version=None):
    body = {"aggregate": {"name": name, **({"availability_zone": zone} if zone else {})}}
    return api.post("/v2.1/os-aggregates", body, version=version)


def action(api, aggregate_id, body):
    return api.post(f"/v2.1/os-aggregates/{aggregate_id}/action", body)


def test_an_aggregate_is_created_shown_listed_renamed_and_deleted(admin_api, computes):
    created = create(admin_api, zone="az1", version="2.41")
    assert created.status_code == 200, created.content
    body = created.json()["aggregate"]
    assert body["name"] == "agg1" and body["availability_zone"] == "az1" and body["deleted"] is False
    assert "hosts" not in body and "metadata" not in body and body["uuid"]
    shown = admin_api.get(f"/v2.1/os-aggregates/{body['id']}").json()["aggregate"]
    assert shown["metadata"] == {"availability_zone": "az1"} and shown["hosts"] == [] and "uuid" not in shown
    renamed = admin_api.put(f"/v2.1/os-aggregates/{body['id']}", {"aggregate": {"name": "agg2"}})
    assert renamed.json()["aggregate"]["name"] == "agg2"
    assert [a["name"] for a in admin_api.get("/v2.1/os-aggregates").json()["aggregates"]] == ["agg2"]
    assert admin_api.delete(f"/v2.1/os-aggregates/{body['id']}").status_code == 200
    assert admin_api.get(f"/v2.1/os-aggregates/{body['id']}").status_code == 404


def test_names_are_unique_and_zones_are_named_without_colons(admin_api, computes):
    create(admin_api)
    assert create(admin_api).status_code == 409
    assert create(admin_api, "other", zone="a:b").status_code == 400
    assert admin_api.get("/v2.1/os-aggregates/nope").status_code == 404


def test_hosts_are_added_and_removed_and_mirrored_into_placement(
        admin_api, computes, mirrored, django_capture_on_commit_callbacks):
    aggregate_id = create(admin_api).json()["aggregate"]["id"]
    with django_capture_on_commit_callbacks(execute=True):
        added = action(admin_api, aggregate_id, {"add_host": {"host": "c1"}})
    assert added.status_code == 200 and added.json()["aggregate"]["hosts"] == ["c1"]
    assert action(admin_api, aggregate_id, {"add_host": {"host": "c1"}}).status_code == 409
    assert action(admin_api, aggregate_id, {"add_host": {"host": "ctl"}}).status_code == 404
    assert admin_api.delete(f"/v2.1/os-aggregates/{aggregate_id}").status_code == 400  # not empty
    with django_capture_on_commit_callbacks(execute=True):
        removed = action(admin_api, aggregate_id, {"remove_host": {"host": "c1"}})
    assert removed.json()["aggregate"]["hosts"] == []
    assert action(admin_api, aggregate_id, {"remove_host": {"host": "c1"}}).status_code == 404
    assert mirrored == ["c1", "c1"]


def test_a_host_belongs_to_at_most_one_zone(admin_api, computes, mirrored):
    az1 = create(admin_api, "a1", zone="az1").json()["aggregate"]["id"]
    az2 = create(admin_api, "a2", zone="az2").json()["aggregate"]["id"]
    plain = create(admin_api, "plain").json()["aggregate"]["id"]
    action(admin_api, az1, {"add_host": {"host": "c1"}})
    refused = action(admin_api, az2, {"add_host": {"host": "c1"}})
    assert refused.status_code == 409
    assert "One or more hosts already in availability zone(s) ['az1']" in refused.json()["conflictingRequest"]["message"]
    assert action(admin_api, plain, {"add_host": {"host": "c1"}}).status_code == 200  # no zone: fine
    # making the plain aggregate a second zone for c1 is refused too, by metadata or by update
    meta = action(admin_api, plain, {"set_metadata": {"metadata": {"availability_zone": "az2"}}})
    assert meta.status_code == 400
    assert admin_api.put(f"/v2.1/os-aggregates/{plain}", {"aggregate": {"availability_zone": "az2"}}).status_code == 400
    assert action(admin_api, plain, {"set_metadata": {"metadata": {"availability_zone": "az1"}}}).status_code == 200


def test_metadata_is_set_and_removed_with_null(admin_api, computes, mirrored):
    aggregate_id = create(admin_api).json()["aggregate"]["id"]
    action(admin_api, aggregate_id, {"set_metadata": {"metadata": {"ssd": "true", "gpu": "no"}}})
    body = action(admin_api, aggregate_id, {"set_metadata": {"metadata": {"gpu": None}}}).json()["aggregate"]
    assert body["metadata"] == {"ssd": "true"}
    assert action(admin_api, aggregate_id, {"set_metadata": {"metadata": {"bad/key": "x"}}}).status_code == 400
    assert action(admin_api, aggregate_id, {"unknown": {}}).status_code == 400


def test_aggregates_are_for_admins(member_api, computes):
    assert member_api.get("/v2.1/os-aggregates").status_code == 403
    assert create(member_api).status_code == 403


def test_zones_are_listed_for_everyone_and_detailed_for_admins(admin_api, member_api, computes, mirrored):
    aggregate_id = create(admin_api, zone="az1").json()["aggregate"]["id"]
    action(admin_api, aggregate_id, {"add_host": {"host": "c1"}})
    zones = member_api.get("/v2.1/os-availability-zone").json()["availabilityZoneInfo"]
    assert {z["zoneName"]: z["zoneState"]["available"] for z in zones} == {"az1": True, "nova": True}
    assert member_api.get("/v2.1/os-availability-zone/detail").status_code == 403
    detail = {z["zoneName"]: z for z in admin_api.get("/v2.1/os-availability-zone/detail").json()["availabilityZoneInfo"]}
    assert set(detail["az1"]["hosts"]) == {"c1"} and set(detail["nova"]["hosts"]) == {"c2", "c3"}
    assert detail["internal"]["hosts"]["ctl"]["nova-conductor"]["active"] is True
    services = {s["host"]: s["zone"] for s in admin_api.get("/v2.1/os-services").json()["services"]}
    assert services == {"c1": "az1", "c2": "nova", "c3": "nova", "ctl": "internal"}


class FakePlacement:
    def __init__(self):
        self.aggregates, self.inventories = {}, {}

    def set_aggregates(self, uuid, member_of, not_member_of=frozenset()):
        self.aggregates[uuid] = (set(self.aggregates.get(uuid, set())) | set(member_of)) - set(not_member_of)

    def set_inventory(self, uuid, inventory):
        self.inventories[uuid] = inventory


def test_a_hosts_providers_join_its_aggregates_and_take_their_allocation_ratios(computes):
    node = ComputeNode.objects.create(host="c1", hypervisor_hostname="c1", hypervisor_type="QEMU", vcpus=8,
                                      memory_mb=4096, local_gb=10, inventory=INVENTORY)
    fast = Aggregate.objects.create(name="fast", metadata={"cpu_allocation_ratio": "4.0"})
    tight = Aggregate.objects.create(name="tight", metadata={"cpu_allocation_ratio": "2", "ram_allocation_ratio": "x"})
    other = Aggregate.objects.create(name="other")
    fast.hosts.create(host="c1")
    tight.hosts.create(host="c1")
    client = FakePlacement()
    client.aggregates[str(node.uuid)] = {str(other.uuid), "operator-set"}
    aggregate_sync.sync_host("c1", client)
    assert client.aggregates[str(node.uuid)] == {str(fast.uuid), str(tight.uuid), "operator-set"}
    inventory = client.inventories[str(node.uuid)]
    assert inventory["VCPU"]["allocation_ratio"] == 2.0  # the smallest of the aggregates' values
    assert inventory["MEMORY_MB"]["allocation_ratio"] == 1.5  # a bad value keeps the agent's
