"""The scheduler's step against a real Placement API: candidates, filters and weighers, claims.

Compute nodes are registered as their agents' reports register them (hosts.compute_nodes), so
their providers, inventories and the disabled trait are Placement's own.
"""
import uuid

import pytest
from django.utils import timezone

from hosts import compute_nodes
from hosts.models import ComputeNode, Service
from placement.client import PlacementClient
from scheduling.config import SchedulerConfig
from scheduling.destinations import NoValidHost, host_states, select_destinations
from scheduling.request_spec import FlavorSpec, RequestSpec
from tests.instances.factories import make_instance

pytestmark = pytest.mark.e2e
TINY = FlavorSpec("1", "m1.tiny", vcpus=1, memory_mb=512, root_gb=1)


@pytest.fixture
def client(placement_url):
    return PlacementClient(placement_url, "admin")


@pytest.fixture
def add_host(client):
    """`add_host(name, vcpus, memory_mb, disabled=False, traits=())`: a compute node with an up service."""
    def add(name, vcpus=4, memory_mb=4096, disabled=False, traits=()):
        Service.objects.create(host=name, binary="nova-compute", topic="compute", disabled=disabled,
                               last_seen_up=timezone.now())
        inventory = {"VCPU": {"total": vcpus, "max_unit": vcpus, "allocation_ratio": 1.0},
                     "MEMORY_MB": {"total": memory_mb, "max_unit": memory_mb, "allocation_ratio": 1.0},
                     "DISK_GB": {"total": 100, "max_unit": 100, "allocation_ratio": 1.0}}
        node = compute_nodes.record_report(name, {"hypervisor_hostname": name, "hypervisor_type": "QEMU",
                                                  "vcpus": vcpus, "memory_mb": memory_mb, "disk_gb": 100},
                                           inventory, client)
        for trait in traits:
            client.request("PUT", f"/traits/{trait}", ok=(201, 204))
            client.set_trait(str(node.uuid), trait, True)
        return node
    return add


def spec(count=1, flavor=TINY, **fields):
    return RequestSpec(instance_uuids=tuple(str(uuid.uuid4()) for _ in range(count)), project_id="p",
                       user_id="u", flavor=flavor, **fields)


def allocations_of(client, instance_uuid):
    return client.request("GET", f"/allocations/{instance_uuid}")["allocations"]


def test_the_roomiest_host_is_chosen_and_claimed_with_the_others_as_alternates(client, add_host):
    add_host("small", memory_mb=1024)
    big = add_host("big", memory_mb=8192)
    request = spec()
    (destination,) = select_destinations(request, client)
    assert (destination.host, destination.provider_uuid) == ("big", str(big.uuid))
    assert destination.alternates == ("small",)
    held = allocations_of(client, request.instance_uuids[0])
    assert {uuid: entry["resources"] for uuid, entry in held.items()} == {
        str(big.uuid): {"VCPU": 1, "MEMORY_MB": 512, "DISK_GB": 1}}


def test_disabled_hosts_and_hosts_without_a_required_trait_are_never_chosen(client, add_host):
    add_host("disabled", memory_mb=8192, disabled=True, traits=["CUSTOM_GOLD"])
    add_host("plain", memory_mb=8192)
    gold = add_host("gold", memory_mb=2048, traits=["CUSTOM_GOLD"])
    flavor = FlavorSpec("g", "gold", vcpus=1, memory_mb=512, root_gb=1, extra_specs={"trait:CUSTOM_GOLD": "required"})
    (destination,) = select_destinations(spec(flavor=flavor), client)
    assert destination.provider_uuid == str(gold.uuid)


def test_a_request_no_host_has_room_for_fails_with_an_explanation(client, add_host):
    add_host("small", memory_mb=1024)
    with pytest.raises(NoValidHost, match="No valid host was found"):
        select_destinations(spec(flavor=FlavorSpec("x", "huge", vcpus=1, memory_mb=4096)), client)


def test_a_multi_create_spreads_over_the_hosts_and_claims_each_instance(client, add_host):
    one, two = add_host("one", memory_mb=4096), add_host("two", memory_mb=4096)
    request = spec(count=2)
    destinations = select_destinations(request, client)
    assert {d.provider_uuid for d in destinations} == {str(one.uuid), str(two.uuid)}
    for destination in destinations:
        assert list(allocations_of(client, destination.instance_uuid)) == [destination.provider_uuid]


def test_the_requested_host_narrows_placement_to_its_node(client, add_host):
    add_host("roomy", memory_mb=8192)
    chosen = add_host("chosen", memory_mb=1024)
    (destination,) = select_destinations(spec(requested_host="chosen"), client)
    assert destination.provider_uuid == str(chosen.uuid)


class RacingClient(PlacementClient):
    """Placement as another scheduler sees it: the best host is filled between the query and the claim."""

    def allocation_candidates(self, query):
        body = super().allocation_candidates(query)
        full = self.filled
        assert super().claim(str(uuid.uuid4()), {full: {"resources": {"MEMORY_MB": 8192}}}, "rival", "rival")
        return body


def test_a_claim_lost_to_a_concurrent_request_falls_back_to_the_next_host(placement_url, add_host):
    best = add_host("best", memory_mb=8192)
    second = add_host("second", memory_mb=2048)
    racing = RacingClient(placement_url, "admin")
    racing.filled = str(best.uuid)
    (destination,) = select_destinations(spec(), racing)
    assert destination.provider_uuid == str(second.uuid)


def test_host_states_count_instances_io_ops_and_failed_builds_from_the_database(
        client, add_host, django_assert_num_queries):
    # given a node running two instances, one of them still building, and one deleted instance
    busy, idle = add_host("busy"), add_host("idle")
    make_instance("a", vm_state="active", host="busy", node="busy")
    make_instance("b", vm_state="building", task_state="spawning", host="busy", node="busy")
    make_instance("c", vm_state="active", task_state="resize_prep", host="idle", node="idle")
    make_instance("gone", vm_state="deleted", host="busy", node="busy", deleted_at=timezone.now())
    ComputeNode.objects.filter(pk=busy.pk).update(failed_builds=2)
    uuids = [str(busy.uuid), str(idle.uuid)]
    # when the scheduler builds its host states, then four queries serve every candidate
    with django_assert_num_queries(4):
        states = host_states({uuid: {} for uuid in uuids}, {uuid: {} for uuid in uuids})
    by_host = {state.host: (state.num_instances, state.num_io_ops, state.failed_builds) for state in states}
    assert by_host == {"busy": (2, 1, 2), "idle": (1, 1, 0)}


def test_no_valid_host_says_what_placement_excluded_and_what_the_filters_rejected(client, add_host):
    # given two disabled nodes, one without room for the flavor and one at its instance limit
    add_host("off1", disabled=True)
    add_host("off2", disabled=True)
    add_host("small", memory_mb=1024)
    add_host("full", memory_mb=8192)
    make_instance("resident", host="full", node="full")
    config = SchedulerConfig(filters=("ComputeFilter", "NumInstancesFilter"), weighers=("RAMWeigher",),
                             max_instances_per_host=1)
    flavor = FlavorSpec("m", "m1.medium", vcpus=1, memory_mb=2048, root_gb=1)
    # when a request is scheduled
    with pytest.raises(NoValidHost) as raised:
        select_destinations(spec(flavor=flavor), client, config)
    # then the short message counts each exclusion and the details give the reasons
    message = str(raised.value)
    assert message == ("No valid host was found. 4 hosts: 2 excluded by placement (disabled), "
                       "1 excluded by placement (no room or required traits), 1 rejected by NumInstancesFilter.")
    assert raised.value.details.startswith(message + " Placement returned 1 of 4 compute hosts: 2 disabled")
    assert "NumInstancesFilter rejected 1 host: runs 1 instance, the limit is 1 (full)." in raised.value.details


def test_no_candidate_at_all_is_explained_by_placement_alone(client, add_host):
    add_host("off", disabled=True)
    add_host("small", memory_mb=1024)
    with pytest.raises(NoValidHost) as raised:
        select_destinations(spec(flavor=FlavorSpec("x", "huge", vcpus=1, memory_mb=4096)), client)
    assert str(raised.value) == ("No valid host was found. 2 hosts: 1 excluded by placement (disabled), "
                                 "1 excluded by placement (no room or required traits).")


def test_a_requested_destination_is_the_only_host_placement_could_return(client, add_host):
    add_host("roomy", memory_mb=8192)
    add_host("chosen", memory_mb=1024)
    with pytest.raises(NoValidHost) as raised:
        select_destinations(spec(flavor=FlavorSpec("x", "big", vcpus=1, memory_mb=2048), requested_host="chosen"),
                            client)
    assert str(raised.value) == ("No valid host was found. 1 host: "
                                 "1 excluded by placement (no room or required traits).")
