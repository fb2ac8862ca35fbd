"""Scheduler settings naming unknown filters or weighers, or impossible numbers, are refused at start-up."""
import pytest

from scheduling.checks import check_scheduler_configuration


def ids():
    return [problem.id for problem in check_scheduler_configuration()]


def test_the_default_scheduler_configuration_passes():
    assert ids() == []


def test_an_unknown_filter_name_is_an_error(settings):
    settings.XCOMPUTE_SCHEDULER_FILTERS = ["ComputeFilter", "RamFilter"]
    [problem] = check_scheduler_configuration()
    assert problem.id == "xcompute.E201"
    assert "RamFilter" in problem.msg


def test_an_unknown_weigher_name_is_an_error(settings):
    settings.XCOMPUTE_SCHEDULER_WEIGHERS = ["RAMWeigher", "MetricsWeigher"]
    assert ids() == ["xcompute.E202"]


@pytest.mark.parametrize(("setting", "value"), [
    ("XCOMPUTE_RAM_WEIGHT_MULTIPLIER", float("nan")),
    ("XCOMPUTE_CPU_WEIGHT_MULTIPLIER", "heavy"),
    ("XCOMPUTE_SOFT_AFFINITY_WEIGHT_MULTIPLIER", -1.0),
    ("XCOMPUTE_SOFT_ANTI_AFFINITY_WEIGHT_MULTIPLIER", -0.5),
])
def test_a_bad_multiplier_is_an_error(settings, setting, value):
    setattr(settings, setting, value)
    assert ids() == ["xcompute.E203"]


def test_a_negative_resource_multiplier_is_allowed_for_stacking(settings):
    settings.XCOMPUTE_RAM_WEIGHT_MULTIPLIER = -1.0
    assert ids() == []


def test_attempts_and_subset_size_below_one_are_errors(settings):
    settings.XCOMPUTE_SCHEDULER_MAX_ATTEMPTS, settings.XCOMPUTE_SCHEDULER_HOST_SUBSET_SIZE = 0, 0
    assert ids() == ["xcompute.E204", "xcompute.E205"]


@pytest.mark.parametrize(("setting", "value", "check_id"), [
    ("XCOMPUTE_MAX_INSTANCES_PER_HOST", 0, "xcompute.E206"),
    ("XCOMPUTE_MAX_INSTANCES_PER_HOST", "50", "xcompute.E206"),
    ("XCOMPUTE_MAX_IO_OPS_PER_HOST", -1, "xcompute.E207"),
])
def test_impossible_per_host_limits_are_errors(settings, setting, value, check_id):
    setattr(settings, setting, value)
    assert ids() == [check_id]


def test_no_io_operations_at_all_is_a_valid_limit(settings):
    settings.XCOMPUTE_MAX_IO_OPS_PER_HOST = 0
    assert ids() == []


@pytest.mark.parametrize("setting", ["XCOMPUTE_IO_OPS_WEIGHT_MULTIPLIER", "XCOMPUTE_BUILD_FAILURE_WEIGHT_MULTIPLIER"])
def test_the_new_weighers_multipliers_are_checked(settings, setting):
    setattr(settings, setting, float("inf"))
    assert ids() == ["xcompute.E203"]


def test_the_new_weighers_are_on_by_default_and_the_load_filters_are_not(settings):
    assert {"IoOpsWeigher", "BuildFailureWeigher"} <= set(settings.XCOMPUTE_SCHEDULER_WEIGHERS)
    assert not {"NumInstancesFilter", "IoOpsFilter"} & set(settings.XCOMPUTE_SCHEDULER_FILTERS)
