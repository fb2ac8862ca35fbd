"""The chain's quota step: instances, cores and RAM per project, exact between concurrent requests."""
import pytest

from instances import quotas
from tests.instances.factories import make_flavor, make_instance


@pytest.fixture
def limits(settings):
    settings.XCOMPUTE_QUOTA_INSTANCES, settings.XCOMPUTE_QUOTA_CORES, settings.XCOMPUTE_QUOTA_RAM = 3, 4, 2048
    return settings


def uuids(*instances):
    return [str(instance.uuid) for instance in instances]


def test_a_request_within_every_limit_passes(db, limits):
    flavor = make_flavor("q1", "q1", 1, 512, 1)
    make_instance("old", flavor=flavor)
    quotas.check(uuids(make_instance("new", flavor=flavor, vm_state="building", task_state="scheduling")))


def test_a_request_over_the_cores_limit_is_refused_in_novas_words(db, limits):
    big = make_flavor("q2", "q2", 3, 512, 1)
    make_instance("old", flavor=big)
    new = make_instance("new", flavor=make_flavor("q3", "q3", 2, 512, 1), vm_state="building")
    with pytest.raises(quotas.QuotaExceeded, match="^Quota exceeded for cores: Requested 2, but already used 3 of 4 cores$"):
        quotas.check(uuids(new))


def test_other_projects_deleted_servers_and_servers_that_never_got_a_host_do_not_count(db, limits):
    flavor = make_flavor("q4", "q4", 1, 1024, 1)
    make_instance("elsewhere", flavor=flavor, project_id="project-b")
    make_instance("gone", flavor=flavor, vm_state="deleted")
    make_instance("failed", flavor=flavor, vm_state="error")
    quotas.check(uuids(make_instance("a", flavor=flavor, vm_state="building"),
                       make_instance("b", flavor=flavor, vm_state="building")))


def test_of_two_concurrent_requests_the_later_counts_the_earlier_so_both_cannot_pass(db, limits):
    flavor = make_flavor("q5", "q5", 1, 512, 1)
    first = [make_instance(f"a{i}", flavor=flavor, vm_state="building") for i in range(2)]
    second = [make_instance(f"b{i}", flavor=flavor, vm_state="building") for i in range(2)]
    quotas.check(uuids(*first))
    with pytest.raises(quotas.QuotaExceeded, match="instances: Requested 2, but already used 2 of 3"):
        quotas.check(uuids(*second))
