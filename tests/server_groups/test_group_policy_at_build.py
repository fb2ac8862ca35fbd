"""The conductor's build-time check of a hard group policy (Nova's _validate_instance_group_policy),
and the scheduler's view of a group's members."""
import pytest

from instances import lifecycle
from instances.models import Instance
from scheduling.models import RequestSpecRecord
from server_groups import build_check
from server_groups import scheduling as group_scheduling
from server_groups.models import ServerGroup, ServerGroupMember
from tests.instances.factories import make_instance


@pytest.fixture
def freed(monkeypatch, build_chain):
    """Claims freed (no Placement here) and reschedules asked for, as lists."""
    released, rescheduled = [], []
    monkeypatch.setattr(build_check, "release", lambda uuids: released.extend(uuids))
    build_chain.schedule = lambda uuids: rescheduled.extend(uuids)
    return released, rescheduled


def member(group, name, **fields):
    values = {"vm_state": "building", "task_state": "scheduling"} | fields
    instance = make_instance(name, **values)
    ServerGroupMember.objects.create(group=group, instance=instance)
    RequestSpecRecord.objects.create(instance_uuid=instance.uuid, spec={})
    return instance


def destination(group, instance, host, alternates=("other",)):
    return {"instance_uuid": str(instance.uuid), "host": host, "nodename": host, "provider_uuid": "rp",
            "allocations": {}, "alternates": list(alternates), "server_group": str(group.uuid)}


@pytest.fixture
def anti(db):
    return ServerGroup.objects.create(name="g", project_id="project-a", user_id="alice", policy="anti-affinity")


def test_a_second_anti_affinity_member_pinned_to_a_host_is_rescheduled_elsewhere(anti, freed):
    first, second = member(anti, "a"), member(anti, "b")
    builds = lifecycle.assign_hosts([destination(anti, first, "h1"), destination(anti, second, "h1")])
    assert [host for host, _ in builds] == ["h1"]
    released, rescheduled = freed
    assert released == rescheduled == [str(second.uuid)]
    second.refresh_from_db()
    assert (second.vm_state, second.task_state, second.host) == ("building", "scheduling", None)
    assert RequestSpecRecord.objects.get(instance_uuid=second.uuid).tried_hosts == ["h1"]
    assert second.faults.first().message.endswith("Anti-affinity instance group policy was violated.")


def test_without_another_host_to_try_the_violation_is_the_error(anti, freed):
    member(anti, "a", vm_state="active", task_state=None, host="h1")
    forced = member(anti, "b")
    assert lifecycle.assign_hosts([destination(anti, forced, "h1", alternates=())]) == []
    forced.refresh_from_db()
    assert forced.vm_state == "error"
    assert forced.faults.first().message == (
        f"Build of instance {forced.uuid} aborted: Anti-affinity instance group policy was violated.")


def test_max_server_per_host_allows_that_many_members_per_host(anti, freed):
    anti.rules = {"max_server_per_host": 2}
    anti.save()
    members = [member(anti, name) for name in "abc"]
    builds = lifecycle.assign_hosts([destination(anti, m, "h1") for m in members])
    assert len(builds) == 2 and freed[1] == [str(members[2].uuid)]


def test_affinity_members_must_join_the_host_of_the_others(db, freed):
    group = ServerGroup.objects.create(name="g", project_id="project-a", user_id="alice", policy="affinity")
    member(group, "a", vm_state="active", task_state=None, host="h1")
    stray, joining = member(group, "b"), member(group, "c")
    builds = lifecycle.assign_hosts([destination(group, stray, "h2"), destination(group, joining, "h1")])
    assert [host for host, _ in builds] == ["h1"] and freed[1] == [str(stray.uuid)]


def test_destinations_without_a_group_are_pinned_without_a_check(db, freed):
    instance = make_instance("plain", vm_state="building", task_state="scheduling")
    plain = {"instance_uuid": str(instance.uuid), "host": "h1", "nodename": "h1", "alternates": []}
    assert [host for host, _ in lifecycle.assign_hosts([plain])] == ["h1"]
    assert Instance.objects.get(pk=instance.pk).host == "h1"


def test_the_scheduler_counts_members_where_they_run_or_were_claimed(anti):
    member(anti, "running", vm_state="active", task_state=None, host="h1")
    claimed = member(anti, "claimed")
    ServerGroupMember.objects.filter(instance=claimed).update(claimed_host="h2")
    member(anti, "failed", vm_state="error", task_state=None)
    gone = member(anti, "gone", vm_state="deleted", host="h3")
    Instance.objects.filter(pk=gone.pk).update(deleted_at=gone.created_at)
    placing = member(anti, "placing")
    ServerGroupMember.objects.filter(instance=placing).update(claimed_host="h4")
    assert group_scheduling.members_hosts(anti.id, [str(placing.uuid)]) == {"h1": 1, "h2": 1}
