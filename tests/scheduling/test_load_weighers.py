"""IoOpsWeigher spreads I/O-heavy work; BuildFailureWeigher sinks hosts whose builds keep failing."""
from scheduling.scheduler import select_hosts
from scheduling.weighers.build_failure_weigher import BuildFailureWeigher
from scheduling.weighers.io_ops_weigher import IoOpsWeigher
from tests.scheduling.factories import make_config, make_host, make_spec


def test_the_raw_weights_are_the_io_ops_and_minus_the_failed_builds():
    host = make_host(num_io_ops=3, failed_builds=2)
    assert IoOpsWeigher().weigh(host, make_spec()) == 3
    assert BuildFailureWeigher().weigh(host, make_spec()) == -2


def test_the_default_multipliers_are_novas():
    assert IoOpsWeigher.default_multiplier == -1.0
    assert BuildFailureWeigher.default_multiplier == 1000000.0


def test_by_default_the_host_with_fewer_io_operations_wins():
    hosts = [make_host("busy", num_io_ops=5), make_host("quiet", num_io_ops=1)]
    selection = select_hosts(hosts, make_spec(), make_config("IoOpsWeigher", IoOpsWeigher=-1.0))
    assert [weighed.host_state.host for weighed in selection.hosts] == ["quiet", "busy"]


def test_a_host_with_failed_builds_sinks_below_a_much_emptier_one():
    # given a failing host with far more free memory than a healthy one
    failing = make_host("failing", total_memory_mb=262144, failed_builds=1)
    healthy = make_host("healthy", total_memory_mb=4096)
    config = make_config("RAMWeigher", "BuildFailureWeigher", RAMWeigher=1.0, BuildFailureWeigher=1000000.0)
    # when weighed, then the failures outweigh the free memory
    selection = select_hosts([failing, healthy], make_spec(), config)
    assert [weighed.host_state.host for weighed in selection.hosts] == ["healthy", "failing"]


def test_a_zero_multiplier_ignores_failed_builds():
    failing = make_host("failing", total_memory_mb=262144, failed_builds=3)
    healthy = make_host("healthy", total_memory_mb=4096)
    config = make_config("RAMWeigher", "BuildFailureWeigher", RAMWeigher=1.0, BuildFailureWeigher=0.0)
    assert select_hosts([failing, healthy], make_spec(), config).hosts[0].host_state.host == "failing"


def test_an_aggregate_can_set_the_build_failure_multiplier():
    host = make_host(aggregates=[("lab", {"build_failure_weight_multiplier": "0"})])
    assert BuildFailureWeigher().multiplier(host, {"BuildFailureWeigher": 1000000.0}) == 0.0
