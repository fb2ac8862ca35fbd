"""The conductor's side of a build: reports are checked against the instance's host and state."""
from instances import lifecycle
from instances.models import Instance
from tests.instances.factories import make_instance


def test_a_spawn_report_moves_the_instance_to_active_running(db):
    instance = make_instance("s", vm_state="building", task_state="spawning", host="hv1", node="hv1")
    lifecycle.spawned(str(instance.uuid), "hv1", 1)
    instance.refresh_from_db()
    assert (instance.vm_state, instance.task_state, instance.power_state) == ("active", None, 1)
    assert instance.launched_at is not None


def test_a_report_from_a_host_that_does_not_own_the_instance_is_ignored(db):
    instance = make_instance("s", vm_state="building", task_state="spawning", host="hv1", node="hv1")
    lifecycle.spawned(str(instance.uuid), "intruder", 1)
    assert Instance.objects.get(pk=instance.pk).vm_state == "building"


def test_a_spawn_report_after_the_server_was_deleted_changes_nothing(db):
    instance = make_instance("s", vm_state="building", task_state="deleting", host="hv1", node="hv1")
    lifecycle.spawned(str(instance.uuid), "hv1", 1)
    assert Instance.objects.get(pk=instance.pk).task_state == "deleting"


def test_the_instance_spec_sent_to_a_host_carries_what_the_domain_needs_and_no_row(db):
    instance = make_instance("web", vm_state="building", task_state="spawning", host="hv1")
    spec = lifecycle.instance_spec(instance)
    assert spec["uuid"] == str(instance.uuid)
    assert spec["vcpus"] == instance.flavor["vcpus"] and spec["memory_mb"] == instance.flavor["memory_mb"]
    assert set(spec) == {"uuid", "display_name", "project_id", "flavor_name", "vcpus", "memory_mb", "root_gb",
                         "ephemeral_gb", "swap_mb", "image_uuid"}
