"""Instance records: lookup as a caller may see them, renames, lock and state checks, deletion."""
import logging
import uuid

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from instances import actions, states
from instances.choices import PowerState, TaskState, VmState
from instances.exceptions import InstanceInvalidState, InstanceIsLocked, InstanceNotFound, UnexpectedTaskState
from instances.models import Instance
from instances.services import chain

logger = logging.getLogger(__name__)


def visible(context, *, read_deleted=False) -> QuerySet:
    """Instances `context` may see: its project's (admins: all), deleted ones only when asked."""
    queryset = Instance.objects.all()
    if not context.is_admin:
        queryset = queryset.filter(project_id=context.project_id)
    if not read_deleted:
        queryset = queryset.filter(deleted_at__isnull=True)
    return queryset


def get(context, server_id, *, read_deleted=False, for_detail=False) -> Instance:
    """The instance, or Nova's 404 for anything the caller cannot see (another project's too)."""
    try:
        key = uuid.UUID(str(server_id))
    except ValueError:
        raise InstanceNotFound(server_id) from None
    queryset = visible(context, read_deleted=read_deleted)
    if for_detail:
        queryset = with_details(queryset)
    instance = queryset.filter(uuid=key).first()
    if instance is None:
        raise InstanceNotFound(server_id)
    return instance


def with_details(queryset: QuerySet) -> QuerySet:
    """What a detailed server body needs besides the row, fetched in one query per relation."""
    return queryset.prefetch_related("metadata", "tags", "faults")


def check_not_locked(context, instance: Instance) -> None:
    """Nova's check_instance_lock: a locked server refuses changes, except from admins."""
    if instance.locked and not context.is_admin:
        raise InstanceIsLocked(instance.uuid)


def check_state(instance: Instance, action: str, vm_states, *, task_state_must_be_none=False,
                task_states=None) -> None:
    """Nova's check_instance_state, worded as the API words the conflict (409); `task_states` lists the allowed."""
    if instance.vm_state not in vm_states:
        raise InstanceInvalidState(instance.uuid, action, "vm_state", instance.vm_state)
    if task_state_must_be_none and instance.task_state is not None:
        raise InstanceInvalidState(instance.uuid, action, "task_state", instance.task_state)
    if task_states is not None and instance.task_state not in task_states:
        raise InstanceInvalidState(instance.uuid, action, "task_state", instance.task_state)


def update(instance: Instance, **fields) -> Instance:
    """Rename or describe a server (not state: that goes through states.transition)."""
    fields["updated_at"] = timezone.now()
    Instance.objects.filter(pk=instance.pk).update(**fields)
    for name, value in fields.items():
        setattr(instance, name, value)
    return instance


def delete(context, instance: Instance) -> None:
    """Delete a server as Nova does: idempotent while deleting, locally when it never reached a host.

    A server on no host (still scheduling) is soft-deleted here; the build chain's next
    compare-and-swap then fails and it frees whatever it claimed. A server on a host moves to
    task_state `deleting` and `instances.build.delete` frees its allocations and destroys the domain.
    """
    check_not_locked(context, instance)
    if instance.task_state == TaskState.DELETING:
        return
    with transaction.atomic():
        actions.start(instance, actions.Action.DELETE, context)
        if instance.host is None:
            try:
                _delete_locally(instance)
                return
            except UnexpectedTaskState:
                instance = Instance.objects.get(pk=instance.pk)  # the chain moved it on: delete on its host
                if instance.task_state == TaskState.DELETING:
                    return
        states.transition(instance.uuid, expected_task_state=instance.task_state, task_state=TaskState.DELETING)
        transaction.on_commit(lambda: chain.delete(instance))


def _delete_locally(instance: Instance) -> None:
    now = timezone.now()
    states.transition(instance.uuid, expected_task_state=instance.task_state, expected_vm_state=instance.vm_state,
                      vm_state=VmState.DELETED, task_state=None, power_state=PowerState.NOSTATE,
                      deleted_at=now, terminated_at=now)
    logger.info("instance %s deleted before it reached a host", instance.uuid)
