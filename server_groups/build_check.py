"""The build-time check of a hard server-group policy, Nova's `_validate_instance_group_policy`.

Nova's compute re-checks the policy under a per-group lock just before it builds, because two boots
scheduled concurrently may both have chosen one host. Here the conductor does it while it pins the
instance to its claimed host (`instances.lifecycle.assign_hosts`): it locks the group's row, counts
the members already pinned to hosts, and pins only if the policy still holds, so two conductors
can never both pin anti-affinity members to one host. A violation frees the claim and reschedules
away from that host (it counts as an attempt); with no other host left to try the instance goes to
ERROR with the violation as its fault. Only destinations that name a group (the scheduler adds it
for hard policies) pay for the check.
"""
import contextlib
import logging

from django.conf import settings
from django.db import transaction

from instances import actions, faults, states
from instances.choices import TaskState, VmState
from instances.exceptions import InstanceActionNotFound, InstanceNotFound, InvalidTransition, UnexpectedTaskState
from openstack_api.request_id import current_request_id
from scheduling.destinations import release
from scheduling.models import RequestSpecRecord
from server_groups.models import ServerGroup, ServerGroupMember

logger = logging.getLogger(__name__)

SCHEDULE_EVENT = "conductor_schedule_and_build_instances"
MESSAGES = {"anti-affinity": "Anti-affinity instance group policy was violated.",
            "affinity": "Affinity instance group policy was violated."}


class GroupPolicyViolated(Exception):
    pass


@contextlib.contextmanager
def policy_checked(destination: dict):
    """Run the pinning inside this block: raises GroupPolicyViolated instead when the policy would break."""
    group_uuid = destination.get("server_group")
    if not group_uuid:
        yield
        return
    with transaction.atomic():
        group = ServerGroup.objects.select_for_update().filter(uuid=group_uuid).first()
        if group is not None:
            _check(group, destination["instance_uuid"], destination["host"])
        yield


def _check(group: ServerGroup, instance_uuid: str, host: str) -> None:
    hosts = list(ServerGroupMember.objects.filter(group=group, instance__deleted_at__isnull=True,
                                                  instance__host__isnull=False)
                 .exclude(instance__uuid=instance_uuid).values_list("instance__host", flat=True))
    if group.policy == "anti-affinity":
        limit = int(group.rules.get("max_server_per_host", 1))
        if hosts.count(host) >= limit:
            raise GroupPolicyViolated(MESSAGES["anti-affinity"])
    elif group.policy == "affinity" and any(other != host for other in hosts):
        raise GroupPolicyViolated(MESSAGES["affinity"])


def reschedule(destination: dict, reason: str) -> None:
    """Free the claim and schedule again away from the host, or ERROR when no other host is left."""
    uuid, host = destination["instance_uuid"], destination["host"]
    logger.warning("instance %s on %s: %s", uuid, host, reason)
    release([uuid])
    ServerGroupMember.objects.filter(instance__uuid=uuid).update(claimed_host=None)
    record = RequestSpecRecord.objects.filter(instance_uuid=uuid).first()
    tried = [*(record.tried_hosts if record else []), host]
    if record:
        RequestSpecRecord.objects.filter(pk=record.pk).update(tried_hosts=tried)
    if record and destination.get("alternates") and len(tried) < settings.XCOMPUTE_SCHEDULER_MAX_ATTEMPTS:
        faults.record(uuid, f"Build of instance {uuid} was re-scheduled: {reason}", code=500, host=host)
        from instances import build  # the chain's entry points import the tasks that import this module

        build.schedule([uuid])
        return
    try:
        states.transition(uuid, expected_task_state=TaskState.SCHEDULING, expected_vm_state=VmState.BUILDING,
                          vm_state=VmState.ERROR, task_state=None)
    except (UnexpectedTaskState, InstanceNotFound, InvalidTransition):
        return
    faults.record(uuid, f"Build of instance {uuid} aborted: {reason}", code=500, host=host,
                  details=f"Tried {', '.join(tried)}; no other host passed the filters.")
    with contextlib.suppress(InstanceActionNotFound, InstanceNotFound):
        actions.event_finish(uuid, current_request_id(), SCHEDULE_EVENT, "Error", reason, host)
        actions.finish(uuid, current_request_id())
