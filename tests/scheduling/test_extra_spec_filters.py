"""Flavor extra specs are matched against host capabilities and aggregate metadata, each in its scope."""
import pytest

from scheduling.filters.aggregate_instance_extra_specs_filter import AggregateInstanceExtraSpecsFilter
from scheduling.filters.compute_capabilities_filter import ComputeCapabilitiesFilter
from tests.scheduling.factories import make_flavor, make_host, make_spec

HOST = make_host(hypervisor_type="QEMU", total_vcpus=16, used_vcpus=4, cpu_info={"arch": "x86_64", "vendor": "Intel"},
                 aggregates=[("fast", {"ssd": "true", "tier": "gold"}), ("gpu", {"gpus": "4"})])


def spec_with(**extra_specs):
    return make_spec(make_flavor(extra_specs=extra_specs))


@pytest.mark.parametrize(("extra_specs", "expected"), [
    ({}, True),
    ({"capabilities:hypervisor_type": "s== QEMU"}, True),
    ({"capabilities:hypervisor_type": "KVM"}, False),
    ({"capabilities:cpu_info:arch": "x86_64"}, True),
    ({"capabilities:cpu_info:vendor": "<or> AMD <or> Intel"}, True),
    ({"capabilities:cpu_info:flags": "<in> avx"}, False),  # the host does not report it
    ({"capabilities:vcpus_total": ">= 16"}, True),  # Nova's attribute names work
    ({"capabilities:free_vcpus": ">= 13"}, False),
    ({"capabilities:consume": "anything"}, False),  # methods are not capabilities
    ({"hw:cpu_policy": "dedicated", "trait:HW_CPU_X86_AVX2": "required"}, True),  # other scopes ignored
    ({"group_policy": "isolate"}, True),  # unscoped and not a host attribute: ignored, as in Nova
    ({"hypervisor_type": "QEMU"}, True),  # unscoped but a host attribute: checked, as in Nova
    ({"hypervisor_type": "KVM"}, False),
])
def test_compute_capabilities_match_the_capabilities_scope(extra_specs, expected):
    assert ComputeCapabilitiesFilter().host_passes(HOST, spec_with(**extra_specs)).passed is expected


def test_a_capability_mismatch_says_what_the_host_has():
    result = ComputeCapabilitiesFilter().host_passes(HOST, spec_with(**{"capabilities:hypervisor_type": "KVM"}))
    assert result.reason == "capability 'hypervisor_type' is 'QEMU', which does not match 'KVM'"


@pytest.mark.parametrize(("extra_specs", "expected"), [
    ({}, True),
    ({"aggregate_instance_extra_specs:ssd": "true"}, True),
    ({"aggregate_instance_extra_specs:ssd": "false"}, False),
    ({"aggregate_instance_extra_specs:tier": "<or> silver <or> gold"}, True),
    ({"aggregate_instance_extra_specs:gpus": ">= 2"}, True),
    ({"aggregate_instance_extra_specs:gpus": ">= 8"}, False),
    ({"aggregate_instance_extra_specs:numa": "1"}, False),  # absent from every aggregate
    ({"ssd": "true"}, True),  # Nova's deprecated unscoped form
    ({"hw:cpu_policy": "dedicated", "capabilities:hypervisor_type": "KVM"}, True),  # other scopes ignored
])
def test_aggregate_extra_specs_match_the_metadata_of_the_hosts_aggregates(extra_specs, expected):
    assert AggregateInstanceExtraSpecsFilter().host_passes(HOST, spec_with(**extra_specs)).passed is expected


def test_one_matching_aggregate_is_enough_when_several_set_the_key():
    host = make_host(aggregates=[("a", {"ssd": "false"}), ("b", {"ssd": "true"})])
    assert AggregateInstanceExtraSpecsFilter().host_passes(
        host, spec_with(**{"aggregate_instance_extra_specs:ssd": "true"})).passed


def test_a_host_in_no_aggregate_fails_a_scoped_requirement_with_a_reason():
    result = AggregateInstanceExtraSpecsFilter().host_passes(
        make_host(), spec_with(**{"aggregate_instance_extra_specs:ssd": "true"}))
    assert (result.passed, result.reason) == (False, "has no aggregate metadata 'ssd'")
