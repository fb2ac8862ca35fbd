"""select_hosts filters, weighs and orders candidates, and places multi-creates one instance at a time."""
import random

from scheduling.config import SchedulerConfig
from scheduling.scheduler import select_hosts
from tests.scheduling.factories import make_config, make_flavor, make_group, make_host, make_spec


def names(weighed_hosts):
    return [weighed.host_state.host for weighed in weighed_hosts]


def hosts_by_free_ram():
    """node-small has the least free memory, node-big the most; CPU and disk are equal."""
    return [make_host("node-mid", used_memory_mb=16384), make_host("node-small", used_memory_mb=30720),
            make_host("node-big")]


def test_the_host_with_most_free_ram_comes_first_by_default():
    selection = select_hosts(hosts_by_free_ram(), make_spec(), make_config("RAMWeigher", RAMWeigher=1.0))
    assert selection.ok
    assert names(selection.hosts) == ["node-big", "node-mid", "node-small"]


def test_a_negative_ram_multiplier_stacks_onto_the_fullest_host():
    selection = select_hosts(hosts_by_free_ram(), make_spec(), make_config("RAMWeigher", RAMWeigher=-1.0))
    assert names(selection.hosts) == ["node-small", "node-mid", "node-big"]


def test_weights_add_up_as_multiplier_times_normalised_weight():
    # given one host with the most free RAM and another with the most free vCPUs
    ram_rich = make_host("ram-rich", used_vcpus=12)
    cpu_rich = make_host("cpu-rich", used_memory_mb=24576)
    config = make_config("RAMWeigher", "CPUWeigher", RAMWeigher=1.0, CPUWeigher=3.0)
    # when both weighers run, the CPU one three times as strong
    selection = select_hosts([ram_rich, cpu_rich], make_spec(), config)
    # then free vCPUs win, and each weight is the sum of multiplier * normalised value (minimum 0)
    assert names(selection.hosts) == ["cpu-rich", "ram-rich"]
    weights = {weighed.host_state.host: weighed.weight for weighed in selection.hosts}
    assert weights == {"cpu-rich": 0.25 + 3.0, "ram-rich": 1.0 + 3.0 * 0.25}


def test_equal_weights_keep_the_candidates_order():
    hosts = [make_host("b"), make_host("a"), make_host("c")]
    assert names(select_hosts(hosts, make_spec(), make_config("RAMWeigher")).hosts) == ["b", "a", "c"]


def test_a_host_subset_picks_the_first_host_among_the_best_ones_only():
    hosts = [make_host("best"), make_host("second", used_memory_mb=8192), make_host("worst", used_memory_mb=30000)]
    chosen = {names(select_hosts(hosts, make_spec(), make_config("RAMWeigher", subset=2),
                                 rng=random.Random(seed)).hosts)[0] for seed in range(20)}
    assert chosen == {"best", "second"}


def test_filters_remove_hosts_before_weighing():
    hosts = [make_host("down", service_up=False), make_host("other-zone", availability_zone="az2"), make_host("ok")]
    selection = select_hosts(hosts, make_spec(availability_zone="nova"), make_config("RAMWeigher"))
    assert names(selection.hosts) == ["ok"]
    assert [(r.filter_name, r.host) for r in selection.rejections] == [
        ("ComputeFilter", "down"), ("AvailabilityZoneFilter", "other-zone")]


def test_a_forced_host_skips_the_filters_but_not_the_restriction():
    hosts = [make_host("node1", service_disabled=True), make_host("node2")]
    forced = make_spec(requested_host="node1", force_hosts=True)
    requested = make_spec(requested_host="node1")
    assert names(select_hosts(hosts, forced, make_config()).hosts) == ["node1"]
    assert not select_hosts(hosts, requested, make_config()).ok


def test_ignored_hosts_are_excluded_even_when_no_filter_is_configured():
    hosts = [make_host("node1"), make_host("node2")]
    selection = select_hosts(hosts, make_spec(ignore_hosts={"node1"}), make_config(filters=()))
    assert names(selection.hosts) == ["node2"]


def test_a_multi_create_spreads_by_consuming_each_chosen_hosts_resources():
    # given two equal hosts and a request for four 8 GB instances, spreading on free RAM
    hosts = [make_host("node1"), make_host("node2")]
    spec = make_spec(make_flavor(memory_mb=8192), instances=4)
    # when they are placed
    selection = select_hosts(hosts, spec, make_config("RAMWeigher"))
    # then they alternate between the hosts as each choice uses up memory
    assert selection.ok
    assert [names(p)[0] for p in selection.placements] == ["node1", "node2", "node1", "node2"]


def test_a_multi_create_stacks_until_a_host_is_full():
    # given room for two 16-GB instances per host and a stacking RAM weigher
    hosts = [make_host("node1"), make_host("node2")]
    spec = make_spec(make_flavor(memory_mb=16384), instances=3)
    selection = select_hosts(hosts, spec, make_config("RAMWeigher", RAMWeigher=-1.0))
    # then the first host fills up before the second is used
    assert [names(p)[0] for p in selection.placements] == ["node1", "node1", "node2"]
    assert "has no room left for another instance" in {r.reason for r in selection.rejections}


def test_anti_affinity_holds_between_the_members_of_one_request():
    hosts = [make_host("node1"), make_host("node2"), make_host("node3")]
    spec = make_spec(instances=3, server_group=make_group("anti-affinity"))
    selection = select_hosts(hosts, spec, make_config("RAMWeigher", RAMWeigher=-1.0))
    assert sorted(names(p)[0] for p in selection.placements) == ["node1", "node2", "node3"]


def test_anti_affinity_fails_the_request_when_members_outnumber_hosts():
    hosts = [make_host("node1"), make_host("node2")]
    spec = make_spec(instances=3, server_group=make_group("anti-affinity"))
    selection = select_hosts(hosts, spec, make_config("RAMWeigher"))
    assert not selection.ok
    assert len(selection.placements) == 2
    assert selection.explanation.startswith("No valid host was found for instance 3 of 3. 2 candidate hosts. "
                                            "ServerGroupAntiAffinityFilter rejected 2 hosts:")


def test_affinity_keeps_every_member_of_one_request_together():
    hosts = [make_host("node1"), make_host("node2", used_memory_mb=1024)]
    spec = make_spec(instances=3, server_group=make_group("affinity"))
    selection = select_hosts(hosts, spec, make_config("RAMWeigher"))
    assert [names(p)[0] for p in selection.placements] == ["node1", "node1", "node1"]


def test_soft_anti_affinity_spreads_members_within_one_request():
    hosts = [make_host("node1"), make_host("node2")]
    spec = make_spec(instances=2, server_group=make_group("soft-anti-affinity"))
    config = make_config("RAMWeigher", "ServerGroupSoftAntiAffinityWeigher",
                         RAMWeigher=-1.0, ServerGroupSoftAntiAffinityWeigher=10.0)
    assert [names(p)[0] for p in select_hosts(hosts, spec, config).placements] == ["node1", "node2"]


def test_the_default_config_comes_from_the_settings(settings):
    settings.XCOMPUTE_SCHEDULER_WEIGHERS = ["RAMWeigher"]
    settings.XCOMPUTE_RAM_WEIGHT_MULTIPLIER = -1.0
    settings.XCOMPUTE_SCHEDULER_MAX_ATTEMPTS = 5
    selection = select_hosts(hosts_by_free_ram(), make_spec())
    assert names(selection.hosts)[0] == "node-small"
    assert selection.max_attempts == 5


def test_the_settings_default_filters_are_the_registrys():
    from django.conf import settings

    assert SchedulerConfig.from_settings().filters == SchedulerConfig().filters
    assert tuple(settings.XCOMPUTE_SCHEDULER_WEIGHERS) == SchedulerConfig().weighers


def test_no_candidates_at_all_is_explained():
    selection = select_hosts([], make_spec(), make_config())
    assert not selection.ok
    assert selection.explanation == "No valid host was found. There are no candidate hosts."
