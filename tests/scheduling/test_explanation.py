"""A "no valid host" fault says, per filter, how many hosts it rejected and why."""
import pickle

from scheduling.destinations import NoValidHost
from scheduling.explanation import CONSUMED_BY_REQUEST, PlacementPrefilter, Rejection, explain, summarize
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


def test_the_fault_message_is_one_line_of_counts_and_the_details_tell_the_whole_story():
    # given 12 compute nodes of which Placement excluded 3 disabled ones
    hosts = [*(make_host(f"img{n}", cpu_arch="aarch64") for n in range(5)),
             *(make_host(f"full{n}", num_instances=50) for n in range(4))]
    config = make_config(filters=("ImagePropertiesFilter", "NumInstancesFilter"))
    spec = make_spec(image_properties={"hw_architecture": "x86_64"})
    selection = select_hosts(hosts, spec, config)
    # when the fault is written
    message, details = selection.fault(PlacementPrefilter(known=12, disabled=3, returned=9))
    # then the message counts what each step excluded, and the details add the reasons
    assert message == ("No valid host was found. 12 hosts: 3 excluded by placement (disabled), "
                       "5 rejected by ImagePropertiesFilter, 4 rejected by NumInstancesFilter.")
    assert details.startswith(message + " Placement returned 9 of 12 compute hosts: 3 disabled")
    assert "NumInstancesFilter rejected 4 hosts: runs 50 instances, the limit is 50 (full0, full1" in details


def test_hosts_placement_found_no_room_on_are_counted_apart_from_disabled_ones():
    message = summarize([], 0, prefilter=PlacementPrefilter(known=4, disabled=1, returned=0))
    assert message == ("No valid host was found. 4 hosts: 1 excluded by placement (disabled), "
                       "3 excluded by placement (no room or required traits).")


def test_a_cloud_without_compute_hosts_says_so():
    assert summarize([], 0, prefilter=PlacementPrefilter(0, 0, 0)) == "No valid host was found. There are no compute hosts."


def test_the_message_never_exceeds_255_characters_and_points_to_the_details():
    rejections = [Rejection(f"VeryLongCustomFilterNumber{n:02d}", f"h{n}", "no") for n in range(20)]
    message = summarize(rejections, 20, prefilter=PlacementPrefilter(25, 5, 20))
    assert len(message) <= 255
    assert message.startswith("No valid host was found. 25 hosts: 5 excluded by placement (disabled), ")
    assert message.endswith("more (see details).")


def test_hosts_used_up_by_earlier_instances_read_plainly_in_the_message():
    rejections = [Rejection(CONSUMED_BY_REQUEST, "node1", "has no room left for another instance")]
    assert summarize(rejections, 1, 1, 2) == (
        "No valid host was found for instance 2 of 2. 1 host: 1 filled by earlier instances of this request.")


def test_no_valid_host_keeps_its_details_when_carried_across_processes():
    error = pickle.loads(pickle.dumps(NoValidHost("No valid host was found. 1 host.", "the whole story")))
    assert (str(error), error.details) == ("No valid host was found. 1 host.", "the whole story")
    assert NoValidHost("short").details == "short"
