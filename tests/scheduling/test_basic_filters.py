"""Service health, zones, reschedules and requested destinations filter hosts as in Nova."""
from scheduling.filters.availability_zone_filter import AvailabilityZoneFilter
from scheduling.filters.compute_filter import ComputeFilter
from scheduling.filters.ignore_hosts_filter import IgnoreHostsFilter
from scheduling.filters.requested_destination_filter import RequestedDestinationFilter
from tests.scheduling.factories import make_host, make_spec


def test_an_enabled_and_up_host_passes_the_compute_filter():
    assert ComputeFilter().host_passes(make_host(), make_spec()).passed


def test_a_disabled_host_fails_the_compute_filter_with_its_reason():
    result = ComputeFilter().host_passes(make_host(service_disabled=True, disabled_reason="maintenance"), make_spec())
    assert not result.passed
    assert result.reason == "compute service is disabled (maintenance)"


def test_a_down_host_fails_the_compute_filter():
    result = ComputeFilter().host_passes(make_host(service_up=False), make_spec())
    assert (result.passed, result.reason) == (False, "compute service is down")


def test_any_zone_will_do_when_the_request_names_none():
    assert AvailabilityZoneFilter().host_passes(make_host(availability_zone="az9"), make_spec()).passed


def test_only_hosts_in_the_requested_zone_pass():
    spec = make_spec(availability_zone="az1")
    assert AvailabilityZoneFilter().host_passes(make_host(availability_zone="az1"), spec).passed
    result = AvailabilityZoneFilter().host_passes(make_host(availability_zone="nova"), spec)
    assert (result.passed, result.reason) == (False, "is in zone 'nova', not 'az1'")


def test_a_reschedule_skips_the_hosts_already_tried():
    spec = make_spec(ignore_hosts={"node1"})
    assert not IgnoreHostsFilter().host_passes(make_host("node1"), spec).passed
    assert IgnoreHostsFilter().host_passes(make_host("node2"), spec).passed


def test_a_requested_host_and_node_exclude_every_other():
    spec = make_spec(requested_host="node1", requested_node="node1b")
    assert RequestedDestinationFilter().host_passes(make_host("node1", nodename="node1b"), spec).passed
    assert not RequestedDestinationFilter().host_passes(make_host("node1", nodename="node1a"), spec).passed
    assert not RequestedDestinationFilter().host_passes(make_host("node2"), spec).passed
    assert RequestedDestinationFilter().host_passes(make_host("node2"), make_spec()).passed


def test_filters_say_whether_they_run_once_per_request():
    from scheduling.registry import FILTERS

    per_instance = sorted(name for name, cls in FILTERS.items() if not cls.run_filter_once_per_request)
    assert per_instance == ["AggregateIoOpsFilter", "AggregateNumInstancesFilter", "IoOpsFilter",
                            "NumInstancesFilter", "ServerGroupAffinityFilter", "ServerGroupAntiAffinityFilter"]
