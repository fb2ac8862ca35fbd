"""Instance actions and their events: who did what to an instance, when, and how each step ended.

The API starts an action per user request (`start`); the conductor, on behalf of the agents,
reports the steps of that request with `event_start`/`event_finish`, keyed by the request id.
"""
import logging

from django.utils import timezone

from instances.exceptions import InstanceActionNotFound
from instances.models import Instance, InstanceAction, InstanceActionEvent
from openstack_api.request_id import current_request_id

logger = logging.getLogger(__name__)


class Action:
    """Nova's action names."""

    CREATE = "create"
    DELETE = "delete"


def start(instance: Instance, action_name: str, context) -> InstanceAction:
    """Record that `context` started `action_name` on the instance, under the current request id."""
    request_id = current_request_id()
    if request_id == "-":
        request_id = getattr(context, "request_id", "-")
    return InstanceAction.objects.create(
        instance=instance, action=action_name, request_id=request_id, user_id=context.user_id,
        project_id=context.project_id, start_time=timezone.now(),
    )


def start_many(instances: list[Instance], action_name: str, context) -> None:
    """`start` for each instance of a multi-create, in one INSERT."""
    request_id = current_request_id()
    now = timezone.now()
    InstanceAction.objects.bulk_create([
        InstanceAction(instance=instance, action=action_name, request_id=request_id, user_id=context.user_id,
                       project_id=context.project_id, start_time=now, updated_at=now)
        for instance in instances
    ])


def _action_of(instance_uuid, request_id) -> InstanceAction:
    action = (InstanceAction.objects.filter(instance__uuid=instance_uuid, request_id=request_id)
              .order_by("-start_time", "-id").first())
    if action is None:
        raise InstanceActionNotFound(f"Action for request_id {request_id} on instance {instance_uuid} not found")
    return action


def event_start(instance_uuid, request_id, event: str, host=None) -> InstanceActionEvent:
    """A step of the action started by `request_id` has begun (on `host`)."""
    action = _action_of(instance_uuid, request_id)
    now = timezone.now()
    InstanceAction.objects.filter(pk=action.pk).update(updated_at=now)
    return InstanceActionEvent.objects.create(action=action, event=event, start_time=now, host=host)


def event_finish(instance_uuid, request_id, event: str, result="Success", traceback=None,
                 host=None) -> InstanceActionEvent:
    """The step has ended; an `Error` result marks the whole action `Error`, as Nova does.

    A finish without a recorded start (a lost message) still records the event, started now.
    """
    action = _action_of(instance_uuid, request_id)
    now = timezone.now()
    record = action.events.filter(event=event, finish_time__isnull=True).order_by("-start_time", "-id").first()
    if record is None:
        record = InstanceActionEvent(action=action, event=event, start_time=now, host=host)
    record.finish_time, record.result, record.traceback = now, result, traceback
    record.host = host or record.host
    record.save()
    updates = {"updated_at": now}
    if str(result).lower() == "error":
        updates["message"] = "Error"
    InstanceAction.objects.filter(pk=action.pk).update(**updates)
    logger.info("instance %s event %s of %s: %s", instance_uuid, event, request_id, result)
    return record


def finish(instance_uuid, request_id) -> None:
    """The whole action has ended (Nova's action_finish)."""
    now = timezone.now()
    InstanceAction.objects.filter(instance__uuid=instance_uuid, request_id=request_id, finish_time__isnull=True) \
        .update(finish_time=now, updated_at=now)
