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


def test_the_chain_reads_the_projects_own_limits(db, limits):
    from quotas.limits import set_project

    flavor = make_flavor("q6", "q6", 1, 512, 1)
    make_instance("old", flavor=flavor)
    set_project("project-a", {"instances": 1})
    with pytest.raises(quotas.QuotaExceeded, match="^Quota exceeded for instances: Requested 1, but already used 1 "
                                                   "of 1 instances$"):
        quotas.check(uuids(make_instance("new", flavor=flavor, vm_state="building")))
    set_project("project-a", {"instances": -1, "cores": -1, "ram": -1})
    quotas.check(uuids(make_instance("newer", flavor=flavor, vm_state="building")))


def test_limit_falls_back_from_the_project_to_the_default_class_to_the_settings(db, limits):
    from quotas.limits import set_class, set_project

    assert quotas.limit("project-a", "instances") == 3
    set_class("default", {"instances": 5})
    assert quotas.limit("project-a", "instances") == 5
    set_project("project-a", {"instances": 7})
    assert (quotas.limit("project-a", "instances"), quotas.limit("project-b", "instances")) == (7, 5)
    assert quotas.limit("project-a", "key_pairs") == 100


class TestAtTheAPI:
    """POST /servers refuses what does not fit with Nova's 403 before anything is created."""

    @pytest.fixture
    def two_instances(self, db):
        from quotas.limits import set_project

        set_project("project-a", {"instances": 2})

    def test_a_create_over_the_instances_quota_is_a_403_in_novas_words(self, boot, two_instances, build_chain):
        from instances.models import Instance

        assert [boot().status_code, boot().status_code] == [202, 202]
        response = boot()
        assert response.status_code == 403
        assert response.json()["forbidden"]["message"] == (
            "Quota exceeded for instances: Requested 1, but already used 2 of 2 instances")
        assert Instance.objects.count() == 2 and len(build_chain.started) == 2

    def test_a_multi_create_gets_as_many_as_fit_or_a_403_below_min_count(self, boot, two_instances):
        from instances.models import Instance

        response = boot(min_count=1, max_count=5, return_reservation_id=True)
        assert response.status_code == 202
        assert Instance.objects.filter(reservation_id=response.json()["reservation_id"]).count() == 2
        response = boot(min_count=1, max_count=3)
        assert response.json()["forbidden"]["message"] == (
            "Quota exceeded for instances: Requested 1-3, but already used 2 of 2 instances")

    def test_every_resource_over_quota_is_named(self, boot, db):
        from quotas.limits import set_project

        set_project("project-a", {"cores": 1, "ram": 256})
        message = boot(min_count=2).json()["forbidden"]["message"]
        assert message == "Quota exceeded for cores, ram: Requested 2, 1024, but already used 0, 0 of 1, 256 cores, ram"

    def test_servers_that_failed_before_reaching_a_host_and_deleted_ones_hold_nothing(self, boot, two_instances):
        make_instance("gone", vm_state="deleted")
        make_instance("never-placed", vm_state="error")
        make_instance("broken-on-a-host", vm_state="error", host="h1")
        assert boot().status_code == 202
        assert boot().status_code == 403

    def test_the_metadata_items_quota_is_the_projects(self, boot, db):
        from quotas.limits import set_project

        set_project("project-a", {"metadata_items": 1})
        response = boot(metadata={"a": "1", "b": "2"})
        assert response.status_code == 403
        assert response.json()["forbidden"]["message"] == "Maximum number of metadata items exceeds 1"
        assert boot(metadata={"a": "1"}).status_code == 202


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_create_waits_for_the_first_ones_commit_and_then_counts_its_rows():
    import threading

    from django.db import connection, transaction

    from instances.exceptions import QuotaError
    from quotas.limits import set_project

    if connection.vendor != "postgresql":
        pytest.skip("the per-project lock is PostgreSQL's advisory lock (SQLite serialises writers)")
    set_project("project-a", {"instances": 1})
    flavor = make_flavor("q7", "q7", 1, 512, 1)
    entered, release, outcome = threading.Event(), threading.Event(), {}

    def first():
        with transaction.atomic():
            quotas.admit("project-a", {"vcpus": 1, "memory_mb": 512}, 1, 1)
            make_instance("first", flavor=flavor, vm_state="building")
            entered.set()
            release.wait(10)
        connection.close()

    def second():
        try:
            with transaction.atomic():
                outcome["admitted"] = quotas.admit("project-a", {"vcpus": 1, "memory_mb": 512}, 1, 1)
        except QuotaError as exc:
            outcome["refused"] = str(exc.detail)
        connection.close()

    holder, waiter = threading.Thread(target=first), threading.Thread(target=second)
    holder.start()
    assert entered.wait(10)
    waiter.start()
    waiter.join(0.5)
    assert waiter.is_alive() and not outcome  # the lock holds it until the first create commits
    release.set()
    holder.join()
    waiter.join(10)
    assert outcome == {"refused": "Quota exceeded for instances: Requested 1, but already used 1 of 1 instances"}
