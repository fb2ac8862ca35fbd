"""The instance state machine: every change of vm_state, task_state or power_state goes through `transition`.

`transition` is a compare-and-swap: one UPDATE whose WHERE clause repeats what the caller expects
(task states, vm states) and the vm_state it checked the table against, so two writers racing on
the same instance (an API delete and the conductor finishing a build) never both win. The loser
gets `UnexpectedTaskState` (Nova's name) and decides what to do with the row as it now is.

Allowed vm_state changes (staying in the same vm_state is always allowed, e.g. to change only the
task state). `deleted` is final; any other state may be deleted, as Nova deletes from any state:

| from               | to                                                                     |
|--------------------|------------------------------------------------------------------------|
| building           | active, error, deleted                                                 |
| active             | stopped, paused, suspended, rescued, resized, shelved, shelved_offloaded, soft-delete, error, deleted |
| stopped            | active, resized, rescued, shelved, shelved_offloaded, soft-delete, error, deleted |
| paused             | active, stopped (its guest shut off: the power-state sync), error, deleted |
| suspended          | active, error, deleted                                                 |
| rescued            | active, error, deleted                                                 |
| resized            | active, stopped, error, deleted                                        |
| shelved            | shelved_offloaded, active, error, deleted                              |
| shelved_offloaded  | active, error, deleted                                                 |
| soft-delete        | active, error, deleted                                                 |
| error              | active, stopped, soft-delete, deleted (reset-state, rebuild, delete)   |
| deleted            | (nothing)                                                              |
"""
import logging

from django.db.models import Q
from django.utils import timezone

from dashboard.live import events as live
from instances.choices import PowerState, TaskState, VmState
from instances.exceptions import InstanceNotFound, InvalidTransition, UnexpectedTaskState
from instances.models import Instance

__all__ = ["ANY", "TRANSITIONS", "PowerState", "TaskState", "VmState", "allowed", "transition"]

logger = logging.getLogger(__name__)

V = VmState
TRANSITIONS: dict[str, frozenset[str]] = {
    V.BUILDING: frozenset({V.ACTIVE, V.ERROR, V.DELETED}),
    V.ACTIVE: frozenset({V.STOPPED, V.PAUSED, V.SUSPENDED, V.RESCUED, V.RESIZED, V.SHELVED,
                         V.SHELVED_OFFLOADED, V.SOFT_DELETED, V.ERROR, V.DELETED}),
    V.STOPPED: frozenset({V.ACTIVE, V.RESIZED, V.RESCUED, V.SHELVED, V.SHELVED_OFFLOADED, V.SOFT_DELETED,
                          V.ERROR, V.DELETED}),
    V.PAUSED: frozenset({V.ACTIVE, V.STOPPED, V.ERROR, V.DELETED}),
    V.SUSPENDED: frozenset({V.ACTIVE, V.ERROR, V.DELETED}),
    V.RESCUED: frozenset({V.ACTIVE, V.ERROR, V.DELETED}),
    V.RESIZED: frozenset({V.ACTIVE, V.STOPPED, V.ERROR, V.DELETED}),
    V.SHELVED: frozenset({V.SHELVED_OFFLOADED, V.ACTIVE, V.ERROR, V.DELETED}),
    V.SHELVED_OFFLOADED: frozenset({V.ACTIVE, V.ERROR, V.DELETED}),
    V.SOFT_DELETED: frozenset({V.ACTIVE, V.ERROR, V.DELETED}),
    V.ERROR: frozenset({V.ACTIVE, V.STOPPED, V.SOFT_DELETED, V.DELETED}),
    V.DELETED: frozenset(),
}


class _Any:
    """The default of the expected_* arguments: whatever the row holds."""

    def __repr__(self):
        return "ANY"


ANY = _Any()
# Columns a transition may write besides the states (where the instance runs, its timestamps...).
WRITABLE = frozenset(field.name for field in Instance._meta.concrete_fields) - {"id", "uuid", "created_at"}


def allowed(current: str, new: str) -> bool:
    return current == new or new in TRANSITIONS.get(current, frozenset())


def _as_tuple(expected) -> tuple:
    return tuple(expected) if isinstance(expected, (list, tuple, set, frozenset)) else (expected,)


def _matching(queryset, column: str, expected):
    """Filter on `column IN expected`, where None in expected means the column IS NULL."""
    if expected is ANY:
        return queryset
    values = _as_tuple(expected)
    condition = Q(**{f"{column}__in": [v for v in values if v is not None]})
    if None in values:
        condition |= Q(**{f"{column}__isnull": True})
    return queryset.filter(condition)


def transition(instance_uuid, *, expected_task_state=ANY, expected_vm_state=ANY, current: Instance | None = None,
               **changes) -> Instance:
    """Apply `changes` to the instance if its row still holds the expected states; return it as written.

    `expected_task_state`/`expected_vm_state` take one value or a sequence (None matches no task).
    `current` is the row as the caller has just read it, which spares reading it again: the UPDATE
    still compares the states, so a change made since that read loses the race as it would anyway.
    Raises InstanceNotFound, InvalidTransition (the table refuses the new vm_state) or
    UnexpectedTaskState (another writer got there first).
    """
    unknown = set(changes) - WRITABLE
    if unknown:
        raise TypeError(f"transition() cannot write {', '.join(sorted(unknown))}")
    instance = current if current is not None else Instance.objects.filter(uuid=instance_uuid).first()
    if instance is None:
        raise InstanceNotFound(instance_uuid)
    _check_expected(instance, expected_task_state, expected_vm_state)
    new_vm_state = changes.get("vm_state", instance.vm_state)
    if not allowed(instance.vm_state, new_vm_state):
        raise InvalidTransition(instance_uuid, instance.vm_state, new_vm_state)
    changes.setdefault("updated_at", timezone.now())
    rows = Instance.objects.filter(pk=instance.pk, vm_state=instance.vm_state)
    rows = _matching(_matching(rows, "task_state", expected_task_state), "vm_state", expected_vm_state)
    if not rows.update(**changes):
        _raise_moved_on(instance_uuid, expected_task_state, expected_vm_state)
    for name, value in changes.items():
        setattr(instance, name, value)
    logger.info("instance %s: %s", instance_uuid, ", ".join(f"{k}={v}" for k, v in sorted(changes.items())
                                                            if k != "updated_at"))
    live.instance_changed(instance)
    return instance


def _check_expected(instance: Instance, expected_task_state, expected_vm_state) -> None:
    """Refuse early (without writing) when the row already differs from what the caller expects."""
    if expected_task_state is not ANY and instance.task_state not in _as_tuple(expected_task_state):
        raise UnexpectedTaskState(instance.uuid, _as_tuple(expected_task_state), instance.task_state)
    if expected_vm_state is not ANY and instance.vm_state not in _as_tuple(expected_vm_state):
        raise UnexpectedTaskState(instance.uuid, _as_tuple(expected_vm_state), instance.vm_state, attr="vm")


def _raise_moved_on(instance_uuid, expected_task_state, expected_vm_state):
    """The UPDATE matched nothing: the row changed between our read and our write."""
    current = Instance.objects.filter(uuid=instance_uuid).values("task_state", "vm_state").first()
    if current is None:
        raise InstanceNotFound(instance_uuid)
    if expected_vm_state is not ANY and current["vm_state"] not in _as_tuple(expected_vm_state):
        raise UnexpectedTaskState(instance_uuid, _as_tuple(expected_vm_state), current["vm_state"], attr="vm")
    expected = _as_tuple(expected_task_state) if expected_task_state is not ANY else ("<as read>",)
    raise UnexpectedTaskState(instance_uuid, expected, current["task_state"])
