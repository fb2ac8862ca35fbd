"""Instance actions and their events: who did what to an instance, when, and how each step ended.

The API starts an action per user request (`start`); the conductor, on behalf of the agents,
reports the steps of that request with `event_start`/`event_finish`, keyed by the request id.
"""
import logging

from django.db.models import Subquery
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


def _action_id(instance_uuid, request_id) -> int:
    """The id of the newest action `request_id` started on the instance (only the id: events need no more)."""
    action_id = (InstanceAction.objects.filter(instance__uuid=instance_uuid, request_id=request_id)
                 .order_by("-start_time", "-id").values_list("id", flat=True).first())
    if action_id is None:
        raise InstanceActionNotFound(f"Action for request_id {request_id} on instance {instance_uuid} not found")
    return action_id


def event_start(instance_uuid, request_id, event: str, host=None) -> None:
    """A step of the action started by `request_id` has begun (on `host`)."""
    action_id = _action_id(instance_uuid, request_id)
    now = timezone.now()
    _touch(action_id, now)
    _open(action_id, event, now, host)


def event_finish(instance_uuid, request_id, event: str, result="Success", traceback=None, host=None, *,
                 then: str | None = None, ends_action=False) -> None:
    """The step has ended; an `Error` result marks the whole action `Error`, as Nova does.

    `then` names the step that begins as this one ends, and `ends_action` ends the whole action
    with it (Nova's action_finish): the conductor reports such pairs on every boot, and each pair
    costs one lookup of the action and one update of it instead of two.
    """
    action_id = _action_id(instance_uuid, request_id)
    now = timezone.now()
    _close(action_id, event, now, result, traceback, host)
    error = {"message": "Error"} if str(result).lower() == "error" else {}
    _touch(action_id, now, **error, **({"finish_time": now} if ends_action else {}))
    if then:
        _open(action_id, then, now, host)
    logger.info("instance %s event %s of %s: %s", instance_uuid, event, request_id, result)


def _touch(action_id: int, now, **changes) -> None:
    """The one UPDATE of the action a step costs: its updated_at, with whatever else the step changes."""
    InstanceAction.objects.filter(pk=action_id).update(updated_at=now, **changes)


def _open(action_id: int, event: str, now, host) -> None:
    InstanceActionEvent.objects.create(action_id=action_id, event=event, start_time=now, host=host)


def _close(action_id: int, event: str, now, result, traceback, host) -> None:
    """Close the open event by one UPDATE; a finish without a recorded start (a lost message) still
    records the event, started now."""
    open_event = (InstanceActionEvent.objects.filter(action_id=action_id, event=event, finish_time__isnull=True)
                  .order_by("-start_time", "-id").values("id")[:1])
    changes = {"finish_time": now, "result": result, "traceback": traceback, **({"host": host} if host else {})}
    if not InstanceActionEvent.objects.filter(pk__in=Subquery(open_event)).update(**changes):
        InstanceActionEvent.objects.create(action_id=action_id, event=event, start_time=now, host=host,
                                           finish_time=now, result=result, traceback=traceback)


def finish(instance_uuid, request_id) -> None:
    """The whole action has ended (Nova's action_finish)."""
    now = timezone.now()
    InstanceAction.objects.filter(instance__uuid=instance_uuid, request_id=request_id, finish_time__isnull=True) \
        .update(finish_time=now, updated_at=now)
