"""What the conductor does with an instance between the API and its host, on the agents' behalf.

Every write goes through `states.transition` (compare-and-swap), so a delete racing a build never
leaves both half-done: the loser of the race frees what it holds (its Placement claim) and stops.
A report from a host that does not own the instance is ignored. Each step is recorded as an event
of the instance action that started it (the request id travels with every task).
"""
import logging

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from consoles import endpoints as console_endpoints
from hosts.models import ComputeNode
from instances import actions, config_drive, faults, guest_image, networking, states
from instances.choices import PowerState, TaskState, VmState
from instances.exceptions import InstanceActionNotFound, InstanceNotFound, InvalidTransition, UnexpectedTaskState
from instances.models import Instance
from openstack_api.request_id import current_request_id
from scheduling.destinations import release
from scheduling.models import RequestSpecRecord
from server_groups import build_check

logger = logging.getLogger(__name__)

SCHEDULE_EVENT = "conductor_schedule_and_build_instances"
BUILD_EVENT = "compute__do_build_and_run_instance"
TERMINATE_EVENT = "compute_terminate_instance"
RACES = (UnexpectedTaskState, InstanceNotFound, InvalidTransition)


def record_event(instance_uuid, event: str, *, finish=False, result="Success", traceback=None, host=None,
                 then: str | None = None, ends_action=False) -> None:
    """Record an action event; an instance whose action is gone (deleted meanwhile) has none to record.

    A finish may start the next step (`then`) or end the action (`ends_action`) in the same writes.
    """
    try:
        if finish:
            actions.event_finish(instance_uuid, current_request_id(), event, result, traceback, host, then=then,
                                 ends_action=ends_action)
        else:
            actions.event_start(instance_uuid, current_request_id(), event, host)
    except (InstanceActionNotFound, InstanceNotFound):
        logger.info("no action of request %s on instance %s to record %s in", current_request_id(), instance_uuid,
                    event)


def scheduling_started(instance_uuids) -> None:
    for uuid in instance_uuids:
        record_event(uuid, SCHEDULE_EVENT)


def instance_spec(instance: Instance) -> dict:
    """hostagent.virt.types.InstanceSpec as a dict: what the host needs, no database row."""
    flavor = instance.flavor
    return {"uuid": str(instance.uuid), "display_name": instance.display_name, "project_id": instance.project_id,
            "flavor_name": flavor.get("name", ""), "vcpus": flavor["vcpus"], "memory_mb": flavor["memory_mb"],
            "root_gb": flavor.get("root_gb", 0), "ephemeral_gb": flavor.get("ephemeral_gb", 0),
            "swap_mb": flavor.get("swap", 0), "image_uuid": instance.image_ref, "user_id": instance.user_id,
            "created_at": instance.created_at.strftime("%Y-%m-%d %H:%M:%S") if instance.created_at else "",
            **guest_image.spec_fields(instance.image_ref),
            "nics": [networking.nic(vif) for vif in instance.network_info], "config_drive": config_drive.spec(instance)}


def _plug_networks(instance: Instance, host: str) -> bool:
    """Allocate the instance's ports on its host; on failure the instance is in ERROR with a fault."""
    if not instance.requested_networks and not instance.network_info:
        return True
    try:
        info = networking.allocate(instance, host)
    except networking.NetworkAllocationFailed as exc:
        logger.warning("instance %s: %s", instance.uuid, exc)
        try:
            states.transition(instance.uuid, expected_task_state=TaskState.SPAWNING, vm_state=VmState.ERROR,
                              task_state=None)
        except RACES:
            return False
        faults.record(instance.uuid, f"Build of instance {instance.uuid} aborted: {exc}", code=500, host=host)
        record_event(instance.uuid, BUILD_EVENT, finish=True, result="Error", traceback=str(exc), host=host,
                     ends_action=True)
        release([str(instance.uuid)])
        return False
    if info != instance.network_info:
        # Recorded only while the build is still on: a delete that raced the allocation has already
        # freed what it knew of, so the ports just made are given back here instead of leaking.
        # A NIC on a bridged network brings a config drive (its network_data.json), shown as Nova's "True".
        drive = {"config_drive": "True"} if networking.bridged(info) else {}
        if not Instance.objects.filter(pk=instance.pk, task_state=TaskState.SPAWNING).update(network_info=info,
                                                                                            **drive):
            networking.deallocate(str(instance.uuid), info)
            return False
        instance.network_info = info
        instance.config_drive = drive.get("config_drive", instance.config_drive)
    return True


def _free_networks(instance_uuid) -> None:
    """Give back a failed or deleted instance's ports and forget them."""
    info = Instance.objects.filter(uuid=instance_uuid).values_list("network_info", flat=True).first()
    if info:
        networking.deallocate(str(instance_uuid), info)
        Instance.objects.filter(uuid=instance_uuid).update(network_info=[])


def assign_hosts(destinations: list[dict]) -> list[tuple[str, dict]]:
    """Pin each instance to its claimed host; (host, instance spec) of those still waiting for one."""
    builds = []
    for destination in destinations:
        uuid, host = destination["instance_uuid"], destination["host"]
        try:
            with build_check.policy_checked(destination):  # a hard server-group policy, checked again
                # An instance booted without a zone takes its host's (the scheduler names it only then).
                zone = {"availability_zone": destination["availability_zone"]} \
                    if destination.get("availability_zone") else {}
                instance = states.transition(uuid, expected_task_state=TaskState.SCHEDULING,
                                             expected_vm_state=VmState.BUILDING, host=host,
                                             node=destination["nodename"], task_state=TaskState.SPAWNING, **zone)
        except build_check.GroupPolicyViolated as violation:
            build_check.reschedule(destination, str(violation))
            continue
        except RACES:
            logger.info("instance %s was deleted while it was scheduled; freeing its claim", uuid)
            release([uuid])
            continue
        record_event(uuid, SCHEDULE_EVENT, finish=True, then=BUILD_EVENT, host=host)
        if _plug_networks(instance, host):
            builds.append((host, instance_spec(instance)))
    return builds


def fail_builds(instance_uuids, exc: BaseException) -> None:
    """ERROR with a fault for the instances of a failed chain that are still building; free their claims."""
    message = str(exc) or type(exc).__name__
    # NoValidHost keeps the fault message short (255 characters shown to everyone) and the whole
    # explanation, for admins, in `details`; other errors have only their message.
    details = getattr(exc, "details", "") or message
    failed = []
    for uuid in instance_uuids:
        try:
            states.transition(uuid, expected_vm_state=VmState.BUILDING, vm_state=VmState.ERROR, task_state=None)
        except RACES:
            continue
        tried = _tried_hosts(uuid)
        # After failed builds, "no valid host" is only half the story: say where the builds failed
        # (first, so the 255-character cut never drops it).
        said = message.replace("No valid host was found.", f"No valid host was found after builds failed on "
                                                           f"{', '.join(tried)}.", 1) if tried else message
        faults.record(uuid, said, code=500, details=details)
        _free_networks(uuid)  # a reschedule that found no host still holds the first attempt's ports
        record_event(uuid, SCHEDULE_EVENT, finish=True, result="Error", traceback=f"{type(exc).__name__}: {details}",
                     ends_action=True)
        failed.append(uuid)
    logger.warning("build of %s failed: %s", ", ".join(failed) or "no instance still building", message)
    release(failed)


def _tried_hosts(instance_uuid) -> list[str]:
    return RequestSpecRecord.objects.filter(instance_uuid=instance_uuid).values_list("tried_hosts", flat=True) \
        .first() or []


def owned_instance(instance_uuid: str, host: str | None) -> Instance | None:
    instance = Instance.objects.filter(uuid=instance_uuid).first()
    if instance is None or (host is not None and instance.host != host):
        logger.warning("ignoring a report about instance %s from %s, which does not own it", instance_uuid, host)
        return None
    return instance


def spawned(instance_uuid: str, host: str, power_state: int) -> None:
    instance = owned_instance(instance_uuid, host)
    if instance is None:
        return
    try:
        states.transition(instance_uuid, current=instance, expected_task_state=TaskState.SPAWNING,
                          expected_vm_state=VmState.BUILDING, vm_state=VmState.ACTIVE, task_state=None,
                          power_state=power_state, launched_at=timezone.now())
    except RACES:
        logger.info("instance %s spawned on %s but is no longer building (deleted meanwhile)", instance_uuid, host)
        return
    if instance.network_info:
        networking.activate(instance_uuid)
    # A success ends the host's run of failures (Nova resets its count the same way).
    ComputeNode.objects.filter(host=host, failed_builds__gt=0).update(failed_builds=0)
    record_event(instance_uuid, BUILD_EVENT, finish=True, host=host, ends_action=True)


def build_failed_on_host(instance_uuid: str, host: str, message: str, details: str = "") -> None:
    """Free the claim and reschedule to another host, or ERROR once the attempts are spent."""
    if owned_instance(instance_uuid, host) is None:
        return
    record_event(instance_uuid, BUILD_EVENT, finish=True, result="Error", traceback=details, host=host)
    faults.record(instance_uuid, f"Build of instance {instance_uuid} failed on {host}: {message}", code=500,
                  details=details, host=host)
    # One UPDATE, so concurrent reports from one host never lose a count; BuildFailureWeigher reads it.
    ComputeNode.objects.filter(host=host).update(failed_builds=F("failed_builds") + 1)
    release([instance_uuid])
    record = RequestSpecRecord.objects.filter(instance_uuid=instance_uuid).first()
    tried = [*(record.tried_hosts if record else []), host]
    if record:
        RequestSpecRecord.objects.filter(pk=record.pk).update(tried_hosts=tried)
    if record and len(tried) < settings.XCOMPUTE_SCHEDULER_MAX_ATTEMPTS:
        try:
            states.transition(instance_uuid, expected_task_state=TaskState.SPAWNING, host=None, node=None,
                              task_state=TaskState.SCHEDULING)
        except RACES:
            return
        logger.info("instance %s failed to build on %s (%s); rescheduling", instance_uuid, host, message)
        record_event(instance_uuid, SCHEDULE_EVENT)
        from instances import build  # the chain's entry points import the tasks that import this module

        build.schedule([instance_uuid])
        return
    _give_up(instance_uuid, host, message, details, tried)


def _give_up(instance_uuid, host, message, details, tried) -> None:
    try:
        states.transition(instance_uuid, expected_task_state=TaskState.SPAWNING, vm_state=VmState.ERROR,
                          task_state=None)
    except RACES:
        return
    summary = (f"Exceeded maximum number of retries. Exhausted all hosts available for retrying build failures "
               f"for instance {instance_uuid}." if len(tried) > 1 else f"Build of instance {instance_uuid} "
               f"aborted: {message}")
    faults.record(instance_uuid, summary, code=500, details=f"Last failure on {host}: {message}\n{details}",
                  host=host)
    _free_networks(instance_uuid)
    actions.finish(instance_uuid, current_request_id())


def host_to_terminate(instance_uuid: str) -> str | None:
    instance = Instance.objects.filter(uuid=instance_uuid).first()
    if instance is None or not instance.host:
        return None
    record_event(instance_uuid, TERMINATE_EVENT, host=instance.host)
    return instance.host


def terminated(instance_uuid: str, host: str | None) -> None:
    """The host removed the guest (or there was none): free the claim and ports, mark the instance deleted."""
    release([instance_uuid])
    _free_networks(instance_uuid)
    console_endpoints.forget(instance_uuid)
    now = timezone.now()
    try:
        states.transition(instance_uuid, expected_task_state=TaskState.DELETING, vm_state=VmState.DELETED,
                          task_state=None, power_state=PowerState.NOSTATE, deleted_at=now, terminated_at=now)
    except RACES:
        logger.info("instance %s: terminated on %s but no longer deleting", instance_uuid, host)
        return
    record_event(instance_uuid, TERMINATE_EVENT, finish=True, host=host, ends_action=True)
