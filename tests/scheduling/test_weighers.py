"""Weighers give raw weights that are normalised across the candidates as Nova does."""
import pytest

from scheduling.weighers.base import normalize
from scheduling.weighers.cpu_weigher import CPUWeigher
from scheduling.weighers.disk_weigher import DiskWeigher
from scheduling.weighers.num_instances_weigher import NumInstancesWeigher
from scheduling.weighers.ram_weigher import RAMWeigher
from scheduling.weighers.server_group_soft_affinity_weigher import ServerGroupSoftAffinityWeigher
from scheduling.weighers.server_group_soft_anti_affinity_weigher import ServerGroupSoftAntiAffinityWeigher
from tests.scheduling.factories import make_group, make_host, make_spec


def test_normalisation_maps_the_range_onto_zero_to_one():
    assert normalize([5, 5, 10, 15, 20]) == [0.0, 0.0, 1 / 3, 2 / 3, 1.0]


def test_equal_weights_normalise_to_zero():
    assert normalize([7, 7]) == [0.0, 0.0]


def test_a_fixed_minimum_of_zero_compares_against_zero():
    assert normalize([512, 1024], minval=0) == [0.5, 1.0]
    assert normalize([1024, 1024], minval=0) == [1.0, 1.0]
    assert normalize([-512, 1024], minval=0) == [0.0, 1.0]  # values below the minimum widen the range


def test_nothing_to_normalise_gives_nothing():
    assert normalize([]) == []


def test_resource_weighers_weigh_free_capacity():
    host = make_host(total_vcpus=16, used_vcpus=6, total_memory_mb=8192, used_memory_mb=2048,
                     total_disk_gb=100, used_disk_gb=30, num_instances=4)
    spec = make_spec()
    assert RAMWeigher().weigh(host, spec) == 6144
    assert CPUWeigher().weigh(host, spec) == 10
    assert DiskWeigher().weigh(host, spec) == 70
    assert NumInstancesWeigher().weigh(host, spec) == 4


def test_soft_affinity_prefers_hosts_with_more_members_and_soft_anti_affinity_fewer():
    host = make_host("node1")
    affinity = make_spec(server_group=make_group("soft-affinity", {"node1": 2}))
    anti = make_spec(server_group=make_group("soft-anti-affinity", {"node1": 2}))
    assert ServerGroupSoftAffinityWeigher().weigh(host, affinity) == 2
    assert ServerGroupSoftAntiAffinityWeigher().weigh(host, anti) == -2


def test_soft_weighers_are_neutral_for_other_policies():
    hard = make_spec(server_group=make_group("anti-affinity", {"node1": 2}))
    assert ServerGroupSoftAffinityWeigher().weigh(make_host("node1"), hard) == 0
    assert ServerGroupSoftAntiAffinityWeigher().weigh(make_host("node1"), make_spec()) == 0


def test_the_configured_multiplier_applies_unless_an_aggregate_overrides_it():
    plain = make_host()
    overridden = make_host(aggregates=[("a", {"ram_weight_multiplier": "-2.0"}), ("b", {"ram_weight_multiplier": "3"})])
    assert RAMWeigher().multiplier(plain, {"RAMWeigher": 0.5}) == 0.5
    assert RAMWeigher().multiplier(overridden, {"RAMWeigher": 0.5}) == -2.0  # the smallest wins


def test_a_non_numeric_aggregate_multiplier_falls_back_to_the_configured_one():
    host = make_host(aggregates=[("a", {"cpu_weight_multiplier": "lots"})])
    assert CPUWeigher().multiplier(host, {"CPUWeigher": 2.0}) == 2.0


@pytest.mark.parametrize(("weigher", "default"), [(RAMWeigher, 1.0), (NumInstancesWeigher, 0.0)])
def test_an_unconfigured_multiplier_takes_novas_default(weigher, default):
    assert weigher().multiplier(make_host(), {}) == default
