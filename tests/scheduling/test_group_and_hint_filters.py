"""Server group policies and same_host/different_host hints place instances relative to others."""
from scheduling.filters.different_host_filter import DifferentHostFilter
from scheduling.filters.same_host_filter import SameHostFilter
from scheduling.filters.server_group_affinity_filter import ServerGroupAffinityFilter
from scheduling.filters.server_group_anti_affinity_filter import ServerGroupAntiAffinityFilter
from tests.scheduling.factories import make_group, make_host, make_spec

NODE1, NODE2 = make_host("node1"), make_host("node2")


def test_the_first_member_of_an_affinity_group_may_go_anywhere():
    spec = make_spec(server_group=make_group("affinity"))
    assert ServerGroupAffinityFilter().host_passes(NODE1, spec).passed


def test_later_members_of_an_affinity_group_go_where_the_members_are():
    spec = make_spec(server_group=make_group("affinity", {"node1": 1}))
    assert ServerGroupAffinityFilter().host_passes(NODE1, spec).passed
    result = ServerGroupAffinityFilter().host_passes(NODE2, spec)
    assert (result.passed, result.reason) == (False, "runs no member of affinity group group-1")


def test_an_anti_affinity_group_avoids_hosts_running_a_member():
    spec = make_spec(server_group=make_group("anti-affinity", {"node1": 1}))
    assert not ServerGroupAntiAffinityFilter().host_passes(NODE1, spec).passed
    assert ServerGroupAntiAffinityFilter().host_passes(NODE2, spec).passed


def test_max_server_per_host_lets_an_anti_affinity_host_take_that_many_members():
    spec = make_spec(server_group=make_group("anti-affinity", {"node1": 1}, max_server_per_host=2))
    assert ServerGroupAntiAffinityFilter().host_passes(NODE1, spec).passed
    full = make_spec(server_group=make_group("anti-affinity", {"node1": 2}, max_server_per_host=2))
    result = ServerGroupAntiAffinityFilter().host_passes(NODE1, full)
    assert result.reason == "already runs 2 member(s) of anti-affinity group group-1 (max_server_per_host 2)"


def test_hard_group_filters_ignore_soft_policies_and_ungrouped_requests():
    for spec in (make_spec(), make_spec(server_group=make_group("soft-anti-affinity", {"node1": 5})),
                 make_spec(server_group=make_group("soft-affinity", {"node2": 5}))):
        assert ServerGroupAntiAffinityFilter().host_passes(NODE1, spec).passed
        assert ServerGroupAffinityFilter().host_passes(NODE1, spec).passed


def test_same_host_keeps_the_hosts_of_the_named_instances():
    spec = make_spec(scheduler_hints={"same_host": ["inst-9", "inst-8"]}, hinted_instance_hosts={"inst-9": "node1"})
    assert SameHostFilter().host_passes(NODE1, spec).passed
    assert not SameHostFilter().host_passes(NODE2, spec).passed


def test_same_host_with_an_instance_on_no_host_passes_nowhere():
    spec = make_spec(scheduler_hints={"same_host": "inst-unknown"})
    assert not SameHostFilter().host_passes(NODE1, spec).passed


def test_different_host_avoids_the_hosts_of_the_named_instances():
    spec = make_spec(scheduler_hints={"different_host": "inst-9"}, hinted_instance_hosts={"inst-9": "node1"})
    result = DifferentHostFilter().host_passes(NODE1, spec)
    assert (result.passed, result.reason) == (False, "runs an instance named by the different_host hint")
    assert DifferentHostFilter().host_passes(NODE2, spec).passed


def test_without_hints_both_hint_filters_pass():
    assert SameHostFilter().host_passes(NODE1, make_spec()).passed
    assert DifferentHostFilter().host_passes(NODE1, make_spec()).passed
