"""NumInstancesFilter and IoOpsFilter cap a host's instances and I/O-heavy operations, as in Nova."""
from scheduling.config import SchedulerConfig
from scheduling.filters.aggregate_io_ops_filter import AggregateIoOpsFilter
from scheduling.filters.aggregate_num_instances_filter import AggregateNumInstancesFilter
from scheduling.filters.io_ops_filter import IoOpsFilter
from scheduling.filters.num_instances_filter import NumInstancesFilter
from scheduling.scheduler import select_hosts
from tests.scheduling.factories import make_host, make_spec


def test_a_host_below_the_instance_limit_passes_and_one_at_it_does_not():
    spec = make_spec()
    assert NumInstancesFilter(3).host_passes(make_host(num_instances=2), spec).passed
    result = NumInstancesFilter(3).host_passes(make_host(num_instances=3), spec)
    assert (result.passed, result.reason) == (False, "runs 3 instances, the limit is 3")


def test_the_instance_limit_defaults_to_novas_fifty():
    assert NumInstancesFilter().host_passes(make_host(num_instances=49), make_spec()).passed
    assert not NumInstancesFilter().host_passes(make_host(num_instances=50), make_spec()).passed


def test_a_host_below_the_io_ops_limit_passes_and_one_at_it_does_not():
    spec = make_spec()
    assert IoOpsFilter().host_passes(make_host(num_io_ops=7), spec).passed
    result = IoOpsFilter().host_passes(make_host(num_io_ops=8), spec)
    assert (result.passed, result.reason) == (False, "has 8 I/O-heavy operations under way, the limit is 8")


def test_the_scheduler_builds_the_filters_with_the_configured_limits():
    config = SchedulerConfig(max_instances_per_host=5, max_io_ops_per_host=2)
    assert NumInstancesFilter.from_config(config).max_instances_per_host == 5
    assert IoOpsFilter.from_config(config).max_io_ops_per_host == 2


def test_aggregate_metadata_sets_the_limit_and_the_smallest_value_wins():
    host = make_host(num_instances=4, num_io_ops=2, aggregates=[
        ("small", {"max_instances_per_host": "4", "max_io_ops_per_host": "2"}),
        ("big", {"max_instances_per_host": "10", "max_io_ops_per_host": "9"})])
    assert not AggregateNumInstancesFilter(50).host_passes(host, make_spec()).passed
    assert not AggregateIoOpsFilter(8).host_passes(host, make_spec()).passed


def test_hosts_without_the_metadata_or_with_a_bad_value_keep_the_configured_limit():
    plain = make_host(num_instances=4)
    garbled = make_host(num_instances=4, aggregates=[("odd", {"max_instances_per_host": "many"})])
    assert AggregateNumInstancesFilter(5).host_passes(plain, make_spec()).passed
    assert AggregateNumInstancesFilter(5).host_passes(garbled, make_spec()).passed
    assert not AggregateNumInstancesFilter(4).host_passes(garbled, make_spec()).passed


def test_a_multi_create_counts_its_own_instances_against_the_limit():
    # given two hosts that can each take one more instance
    hosts = [make_host("node1", num_instances=1), make_host("node2", num_instances=1)]
    config = SchedulerConfig(filters=("NumInstancesFilter",), weighers=("RAMWeigher",), max_instances_per_host=2)
    # when three instances are requested, then the third finds both hosts full
    selection = select_hosts(hosts, make_spec(instances=3), config)
    assert len(selection.placements) == 2
    assert "NumInstancesFilter rejected 2 hosts: runs 2 instances, the limit is 2" in selection.explanation


def test_each_instance_placed_counts_as_an_io_operation_on_its_host():
    host = make_host(num_instances=3, num_io_ops=1).consume({"VCPU": 1})
    assert (host.num_instances, host.num_io_ops) == (4, 2)
