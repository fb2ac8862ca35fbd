"""The conductor's side of a build: reports are checked against the instance's host and state."""
import pytest
from django.utils import timezone

from hosts.models import ComputeNode
from instances import lifecycle, quotas
from instances.models import Instance, InstanceAction, InstanceActionEvent, InstanceFault
from scheduling.destinations import NoValidHost
from tests.instances.factories import make_image, make_instance


@pytest.fixture
def no_placement(monkeypatch):
    """Claims are freed through Placement; these tests have none, so record what would be freed."""
    freed = []
    monkeypatch.setattr(lifecycle, "release", lambda uuids: freed.extend(uuids))
    return freed


def make_node(host: str) -> ComputeNode:
    return ComputeNode.objects.create(host=host, hypervisor_hostname=host, hypervisor_type="QEMU", vcpus=4,
                                      memory_mb=4096, local_gb=100)


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
                         "ephemeral_gb", "swap_mb", "image_uuid", "user_id", "created_at", "nics", "config_drive"}
    assert spec["created_at"] == instance.created_at.strftime("%Y-%m-%d %H:%M:%S")


def test_the_instance_spec_carries_the_image_properties_that_shape_the_guest(db):
    # given an image that boots its kernel directly from a SCSI disk
    kernel, ramdisk = make_image(name="k"), make_image(name="r")
    image = make_image(properties={"kernel_id": str(kernel.id), "ramdisk_id": str(ramdisk.id), "hw_disk_bus": "scsi",
                                   "os_command_line": "root=/dev/sda ro", "os_type": "linux", "hw_rng_model": "virtio"})
    instance = make_instance("web", vm_state="building", task_state="spawning", host="hv1", image_ref=str(image.id))
    # when the conductor makes its spec, then the host learns them under the spec's names (and nothing else)
    spec = lifecycle.instance_spec(instance)
    assert {k: spec[k] for k in ("kernel_id", "ramdisk_id", "disk_bus", "os_command_line", "os_type")} == {
        "kernel_id": str(kernel.id), "ramdisk_id": str(ramdisk.id), "disk_bus": "scsi",
        "os_command_line": "root=/dev/sda ro", "os_type": "linux"}
    assert "hw_rng_model" not in spec


def test_failed_builds_count_up_on_the_host_and_a_successful_build_resets_them(db, no_placement):
    # given a host whose two builds fail
    node, other = make_node("hv1"), make_node("hv2")
    for name in ("a", "b"):
        failing = make_instance(name, vm_state="building", task_state="spawning", host="hv1", node="hv1")
        lifecycle.build_failed_on_host(str(failing.uuid), "hv1", "disk full")
    node.refresh_from_db()
    assert node.failed_builds == 2
    assert ComputeNode.objects.get(pk=other.pk).failed_builds == 0
    assert len(no_placement) == 2
    # when a build then succeeds there, the count starts over
    instance = make_instance("c", vm_state="building", task_state="spawning", host="hv1", node="hv1")
    lifecycle.spawned(str(instance.uuid), "hv1", 1)
    node.refresh_from_db()
    assert node.failed_builds == 0


def test_a_report_from_a_host_that_does_not_own_the_instance_counts_no_failure(db, no_placement):
    node = make_node("hv1")
    instance = make_instance("s", vm_state="building", task_state="spawning", host="hv2", node="hv2")
    lifecycle.build_failed_on_host(str(instance.uuid), "hv1", "disk full")
    assert ComputeNode.objects.get(pk=node.pk).failed_builds == 0


def test_no_valid_host_keeps_the_fault_message_short_and_puts_the_explanation_in_details(db, no_placement):
    # given a building instance whose create action is being recorded
    instance = make_instance("s", vm_state="building", task_state="scheduling")
    InstanceAction.objects.create(instance=instance, action="create", request_id="-", user_id="alice",
                                  project_id="project-a", start_time=timezone.now())
    lifecycle.scheduling_started([str(instance.uuid)])
    error = NoValidHost("No valid host was found. 2 hosts: 2 rejected by ComputeFilter.",
                        "No valid host was found. 2 hosts: 2 rejected by ComputeFilter. ComputeFilter rejected "
                        "2 hosts: compute service is down (hv1, hv2).")
    # when the chain fails with no valid host
    lifecycle.fail_builds([str(instance.uuid)], error)
    # then the fault and the schedule event carry the whole explanation; the message only its summary
    fault = InstanceFault.objects.get(instance=instance)
    assert fault.message == "No valid host was found. 2 hosts: 2 rejected by ComputeFilter."
    assert fault.details == error.details
    event = InstanceActionEvent.objects.get(action__instance=instance, event=lifecycle.SCHEDULE_EVENT)
    assert (event.result, event.traceback) == ("Error", f"NoValidHost: {error.details}")
    assert no_placement == [str(instance.uuid)]


def test_no_valid_host_after_failed_builds_says_where_they_failed(db, no_placement):
    # given an instance whose builds failed on two hosts, the scheduler finding no third
    from scheduling.models import RequestSpecRecord

    instance = make_instance("s", vm_state="building", task_state="scheduling")
    RequestSpecRecord.objects.create(instance_uuid=instance.uuid, spec={}, tried_hosts=["hv1", "hv2"])
    # when the reschedule fails
    lifecycle.fail_builds([str(instance.uuid)], NoValidHost("No valid host was found. 2 hosts: 2 already tried."))
    # then the fault names the hosts the builds failed on, first
    assert InstanceFault.objects.get(instance=instance).message == (
        "No valid host was found after builds failed on hv1, hv2. 2 hosts: 2 already tried.")


def test_a_terminated_instance_leaves_no_console_endpoint_or_token(db, no_placement):
    from consoles import endpoints, tokens
    from consoles.models import ConsoleAuthToken, ConsoleEndpoint

    instance = make_instance("s", vm_state="active", task_state="deleting", host="hv1", node="hv1")
    endpoints.record(str(instance.uuid), "hv1", "127.0.0.1", 5900)
    tokens.issue(instance_uuid=instance.uuid, compute_host="hv1", host="127.0.0.1", port=5900, ttl_seconds=600)
    lifecycle.terminated(str(instance.uuid), "hv1")
    assert not ConsoleEndpoint.objects.exists() and not ConsoleAuthToken.objects.exists()


@pytest.fixture
def request_id_bound():
    """The request id the conductor's tasks run under (Celery's task headers carry it), unbound after."""
    from openstack_api import request_id

    token = request_id._current.set("req-boot")
    yield "req-boot"
    request_id._current.reset(token)


def test_the_conductors_part_of_a_boot_records_its_events_in_19_queries(db, no_placement, request_id_bound,
                                                                         django_assert_num_queries):
    """A boot's three conductor tasks write the instance and its action events with 6 + 7 + 6 queries.

    Each query is a round trip and, outside a transaction, a commit: the conductor is the busiest
    process of a boot (bench/boot_throughput.py). A finishing event that starts the next one, or
    ends the action, shares its lookup and its update of the action.
    """
    make_node("hv1")
    instance = make_instance("s", vm_state="building", task_state="scheduling")
    uuid = str(instance.uuid)
    InstanceAction.objects.create(instance=instance, action="create", request_id=request_id_bound,
                                  start_time=timezone.now())
    with django_assert_num_queries(6):  # conductor.check_quota
        lifecycle.scheduling_started([uuid])
        quotas.check([uuid])
    with django_assert_num_queries(7):  # conductor.build_instances
        [(host, _spec)] = lifecycle.assign_hosts([{"instance_uuid": uuid, "host": "hv1", "nodename": "hv1"}])
    with django_assert_num_queries(6):  # conductor.instance_spawned
        lifecycle.spawned(uuid, "hv1", 1)
    action = InstanceAction.objects.get(instance=instance)
    events = {event.event: event for event in action.events.all()}
    assert set(events) == {lifecycle.SCHEDULE_EVENT, lifecycle.BUILD_EVENT}
    assert all(event.result == "Success" and event.finish_time for event in events.values())
    assert events[lifecycle.BUILD_EVENT].host == "hv1"
    assert events[lifecycle.BUILD_EVENT].start_time == events[lifecycle.SCHEDULE_EVENT].finish_time
    assert action.finish_time == events[lifecycle.BUILD_EVENT].finish_time
