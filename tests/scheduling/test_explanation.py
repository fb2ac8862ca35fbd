"""A "no valid host" fault says, per filter, how many hosts it rejected and why."""
from scheduling.explanation import Rejection, explain
from scheduling.scheduler import select_hosts
from tests.scheduling.factories import make_config, make_host, make_spec


def test_the_explanation_counts_and_names_the_rejected_hosts_per_filter():
    # given one down host and three in another zone
    hosts = [make_host("node1", service_up=False), *(make_host(f"node{n}") for n in (2, 3, 4))]
    # when the request asks for az1
    selection = select_hosts(hosts, make_spec(availability_zone="az1"), make_config())
    # then the fault explains both filters in the order they ran
    assert not selection.ok
    assert selection.explanation == (
        "No valid host was found. 4 candidate hosts. "
        "ComputeFilter rejected 1 host: compute service is down (node1). "
        "AvailabilityZoneFilter rejected 3 hosts: is in zone 'nova', not 'az1' (node2, node3, node4).")


def test_a_successful_selection_has_no_explanation():
    assert select_hosts([make_host()], make_spec(), make_config()).explanation == ""


def test_long_host_lists_and_many_reasons_are_cut_short():
    rejections = [Rejection("AvailabilityZoneFilter", f"node{n}", "is in zone 'nova', not 'az1'") for n in range(8)]
    rejections += [Rejection("ComputeFilter", f"c{n}", f"reason {n}") for n in range(5)]
    text = explain(rejections, 13)
    assert "(node0, node1, node2, node3, node4 and 3 more)" in text
    assert "ComputeFilter rejected 5 hosts: reason 0 (c0); reason 1 (c1); reason 2 (c2); 2 other reason(s)." in text


def test_a_node_whose_name_differs_from_its_host_is_named_by_both():
    selection = select_hosts([make_host("host1", nodename="node-a", service_up=False)], make_spec(), make_config())
    assert "compute service is down (host1 (node-a))" in selection.explanation
