"""Server metadata: replace, merge, set and delete items, within Nova's state rules and item limit."""
from django.db import transaction
from django.utils import timezone

from instances import quotas
from instances.choices import VmState
from instances.exceptions import InstanceError, QuotaError
from instances.models import Instance, InstanceMetadata
from instances.services.records import check_not_locked, check_state

# Nova changes metadata only on a server at rest in one of these states.
CHANGEABLE_IN = (VmState.ACTIVE, VmState.PAUSED, VmState.SUSPENDED, VmState.STOPPED)


class MetadataItemNotFound(InstanceError):
    status_code = 404

    def __init__(self):
        super().__init__("Metadata item was not found")


def of(instance: Instance) -> dict[str, str]:
    """The instance's metadata (from the prefetch cache when there is one)."""
    return {item.key: item.value for item in instance.metadata.all()}


def check_limit(metadata: dict, project_id: str) -> None:
    """The project's metadata_items quota (per server); no metadata asks for no limit."""
    if not metadata:
        return
    allowed = quotas.limit(project_id, "metadata_items")
    if 0 <= allowed < len(metadata):
        raise QuotaError(f"Maximum number of metadata items exceeds {allowed}")


def _check_changeable(context, instance: Instance, action: str) -> None:
    check_not_locked(context, instance)
    check_state(instance, action, CHANGEABLE_IN, task_state_must_be_none=True)


@transaction.atomic
def change(context, instance: Instance, items: dict, *, replace: bool, action="update metadata") -> dict:
    """Merge `items` into the metadata (or replace it all); return the metadata as it is now."""
    _check_changeable(context, instance, action)
    current = {} if replace else dict(InstanceMetadata.objects.filter(instance=instance).values_list("key", "value"))
    merged = {**current, **items}
    check_limit(merged, instance.project_id)
    if replace:
        InstanceMetadata.objects.filter(instance=instance).exclude(key__in=list(items)).delete()
    InstanceMetadata.objects.bulk_create(
        [InstanceMetadata(instance=instance, key=key, value=value) for key, value in items.items()],
        update_conflicts=True, unique_fields=["instance", "key"], update_fields=["value"],
    )
    Instance.objects.filter(pk=instance.pk).update(updated_at=timezone.now())
    return dict(sorted(merged.items()))


def get_item(instance: Instance, key: str) -> str:
    value = InstanceMetadata.objects.filter(instance=instance, key=key).values_list("value", flat=True).first()
    if value is None:
        raise MetadataItemNotFound()
    return value


@transaction.atomic
def delete_item(context, instance: Instance, key: str) -> None:
    _check_changeable(context, instance, "delete metadata")
    if not InstanceMetadata.objects.filter(instance=instance, key=key).delete()[0]:
        raise MetadataItemNotFound()
    Instance.objects.filter(pk=instance.pk).update(updated_at=timezone.now())
