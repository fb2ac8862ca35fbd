"""What POST /servers/{id}/action does, as Nova's compute API does it: checks, states, records, the cast.

Host operations (`instances.operations.OPERATIONS`) check the lock and the states, set the task
state with a compare-and-swap, record the instance action and its event, and once committed send
the operation to the host's queue. Lock, unlock and reset-state change the row here and now. The
console output is a call: the API waits (`XCOMPUTE_HOST_CALL_TIMEOUT`) for the host to answer.
"""
import logging

from django.conf import settings
from django.db import transaction
from rest_framework import exceptions

from hostagent.operations import CONSOLE_OUTPUT, TASKS
from instances import actions, policies, states
from instances.choices import TaskState, VmState
from instances.exceptions import InstanceInvalidState, InstanceNotFound, InstanceNotReady
from instances.lifecycle import instance_spec
from instances.models import Instance, InstanceMetadata
from instances.operations import OPERATIONS
from instances.services.records import check_not_locked, check_state
from instances.services.records import update as update_record
from openstack_api.policy import authorize
from openstack_api.request_id import current_request_id
from xcompute_site import calls

logger = logging.getLogger(__name__)
# Nova's instance_actions names of the operations done here, in the API.
LOCK, UNLOCK, RESET_STATE = "lock", "unlock", "resetState"


def cast(host: str, task: str, **kwargs) -> None:
    """Send a task to the host's queue (hostagent.queues routes `compute.*` by `host`)."""
    from xcompute_site.celery import app

    app.send_task(task, kwargs={"host": host, **kwargs})


def check(context, instance: Instance, name: str) -> None:
    """Nova's decorators of a host operation: not locked (but for admins), in a state it allows, on a host."""
    op = OPERATIONS[name]
    check_not_locked(context, instance)
    check_state(instance, op.action, op.vm_states, task_states=op.task_states)
    if not instance.host:
        raise InstanceNotReady(instance.uuid)


def begin(context, instance: Instance, name: str, **changes) -> Instance:
    """Start host operation `name` (a key of OPERATIONS); `changes` are written with the task state (rebuild)."""
    op = OPERATIONS[name]
    check(context, instance, name)
    options = dict(op.options)
    if op.agent == "rebuild":
        # Whether it ends running (a stopped server stays off); the instance as rebuilt goes too.
        options["power_on"] = instance.vm_state != VmState.STOPPED
    with transaction.atomic():
        instance = states.transition(instance.uuid, expected_task_state=op.task_states,
                                     expected_vm_state=op.vm_states, task_state=op.task_state, **changes)
        if op.agent == "rebuild":
            options["instance"] = instance_spec(instance)
        actions.start(instance, op.action, context)
        actions.event_start(instance.uuid, current_request_id(), op.event, instance.host)
        host, task, uuid = instance.host, TASKS[op.agent], str(instance.uuid)
        transaction.on_commit(lambda: cast(host, task, instance_uuid=uuid, **options))
    logger.info("instance %s: %s sent to %s", instance.uuid, name, instance.host)
    return instance


def rebuild(context, instance: Instance, image, *, metadata=None, **changes) -> Instance:
    """Rebuild on the same host from `image`; name, description, metadata... change with it (Nova's order)."""
    with transaction.atomic():
        instance = begin(context, instance, "rebuild", image_ref=str(image.id), **changes)
        if metadata is not None:
            InstanceMetadata.objects.filter(instance=instance).delete()
            InstanceMetadata.objects.bulk_create([InstanceMetadata(instance=instance, key=key, value=value)
                                                  for key, value in metadata.items()])
    return instance


def lock(context, instance: Instance, reason: str | None = None) -> None:
    """Nova's lock: the owner's lock of a locked server changes nothing; anyone else's makes it the admin's."""
    is_owner = instance.project_id == context.project_id
    if instance.locked and is_owner:
        return
    changes = {"locked": True, "locked_by": "owner" if is_owner else "admin"}
    if reason:
        changes["locked_reason"] = reason
    _record_api_action(context, instance, LOCK, lambda: update_record(instance, **changes))


def unlock(context, instance: Instance) -> None:
    """Nova's unlock; a lock set by the other side (an admin's, for the owner) needs unlock_override."""
    if not is_expected_locked_by(context, instance):
        authorize(context, policies.LOCK % "unlock:unlock_override", {"project_id": instance.project_id})
    _record_api_action(context, instance, UNLOCK,
                       lambda: update_record(instance, locked=False, locked_by=None, locked_reason=None))


def is_expected_locked_by(context, instance: Instance) -> bool:
    expected = "owner" if instance.project_id == context.project_id else "admin"
    return not instance.locked_by or instance.locked_by == expected


def reset_state(context, instance: Instance, state: str) -> None:
    """os-resetState: an admin declares the vm state (active or error) and clears the task, whatever runs."""
    _record_api_action(context, instance, RESET_STATE,
                       lambda: states.transition(instance.uuid, vm_state=state, task_state=None), event=None)


def _record_api_action(context, instance: Instance, action: str, change, event: str | None = "") -> None:
    """An action done by the API itself: recorded (with Nova's `api_<action>` event), done, finished at once."""
    event = f"api_{action}" if event == "" else event
    with transaction.atomic():
        actions.start(instance, action, context)
        if event:
            actions.event_start(instance.uuid, current_request_id(), event)
        change()
        if event:
            actions.event_finish(instance.uuid, current_request_id(), event)
        actions.finish(instance.uuid, current_request_id())


def console_output(instance: Instance, length: int | None) -> str:
    """The tail of the guest's serial log, asked of its host while the caller waits."""
    from xcompute_site.celery import app

    if not instance.host:
        raise InstanceNotReady(instance.uuid)
    if instance.task_state in (TaskState.DELETING, TaskState.MIGRATING):
        raise InstanceInvalidState(instance.uuid, "get_console_output", "task_state", instance.task_state)
    try:
        answer = calls.call(app, CONSOLE_OUTPUT, {"host": instance.host, "instance_uuid": str(instance.uuid),
                                                  "length": length},
                            timeout=settings.XCOMPUTE_HOST_CALL_TIMEOUT)
    except calls.CallTimeout:
        logger.warning("no console output of %s: host %s did not answer in time", instance.uuid, instance.host)
        raise HostDidNotAnswer() from None
    if answer.get("error") == "InstanceNotFound":
        raise InstanceNotFound(instance.uuid)
    if "error" in answer:
        raise exceptions.APIException(f"The compute host could not read the console log: {answer['message']}")
    return answer["output"]


class HostDidNotAnswer(exceptions.APIException):
    """Nova's MessagingTimeout surfaces as a computeFault (500) too, without naming the host."""

    status_code = 500
    default_detail = "The compute host did not answer in time; try again later."
