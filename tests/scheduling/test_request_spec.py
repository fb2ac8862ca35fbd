"""A RequestSpec travels through Celery as JSON and comes back equal."""
import json

import pytest

from scheduling.request_spec import RequestSpec, ServerGroupSpec
from tests.scheduling.factories import make_flavor, make_group, make_spec


def test_a_full_request_spec_survives_a_round_trip_through_json():
    # given a spec using every field
    spec = make_spec(
        flavor=make_flavor(ephemeral_gb=5, swap_mb=512, extra_specs={"capabilities:cpu_arch": "x86_64"}),
        instances=2, image_properties={"hw_architecture": "x86_64", "min_ram": 128},
        availability_zone="az1", requested_host="node1", requested_node="node1", force_hosts=True,
        scheduler_hints={"different_host": ["inst-9"], "query": "[]"}, ignore_hosts={"node2", "node3"},
        server_group=make_group(max_server_per_host=2, members_hosts={"node4": 1}),
        hinted_instance_hosts={"inst-9": "node5"}, is_bfv=True,
    )
    # when it is serialised to JSON text and read back
    restored = RequestSpec.from_dict(json.loads(json.dumps(spec.to_dict())))
    # then it is the same spec
    assert restored == spec
    assert restored.ignore_hosts == frozenset({"node2", "node3"})
    assert restored.scheduler_hints == {"different_host": ("inst-9",), "query": "[]"}


def test_a_minimal_spec_dict_fills_in_the_defaults():
    spec = RequestSpec.from_dict({
        "instance_uuids": ["a"], "project_id": "p", "user_id": "u",
        "flavor": {"flavorid": "1", "name": "m1.tiny", "vcpus": 1, "memory_mb": 512},
    })
    assert (spec.num_instances, spec.availability_zone, spec.server_group) == (1, None, None)
    assert spec.ignore_hosts == frozenset()


def test_the_number_of_instances_defaults_to_the_number_of_uuids():
    assert make_spec(instances=3).num_instances == 3


def test_a_hint_reads_the_same_whether_sent_as_a_string_or_a_list():
    spec = make_spec(scheduler_hints={"same_host": "inst-9", "different_host": ["inst-7", "inst-8"]})
    assert spec.hint_values("same_host") == ("inst-9",)
    assert spec.hint_values("different_host") == ("inst-7", "inst-8")
    assert spec.hint_values("group") == ()


def test_the_requested_disk_counts_ephemeral_and_swap_rounded_up_but_no_root_when_booting_from_volume():
    flavor = make_flavor(vcpus=2, memory_mb=4096, root_gb=20, ephemeral_gb=5, swap_mb=1025)
    assert make_spec(flavor).requested_resources() == {"VCPU": 2, "MEMORY_MB": 4096, "DISK_GB": 27}
    assert make_spec(flavor, is_bfv=True).requested_resources()["DISK_GB"] == 7


def test_an_unknown_server_group_policy_is_refused():
    with pytest.raises(ValueError, match="policy"):
        ServerGroupSpec(uuid="g", policy="spread")


def test_a_spec_from_another_version_is_refused():
    data = make_spec().to_dict() | {"version": 99}
    with pytest.raises(ValueError, match="version"):
        RequestSpec.from_dict(data)


def test_a_group_counts_one_more_member_without_changing_the_original():
    group = make_group(members_hosts={"node1": 1})
    assert group.with_member_on("node1").members_on("node1") == 2
    assert group.members_on("node1") == 1
    assert group.max_server_per_host == 1
