"""Server tags (2.26): at most 50 per server, each 1-60 characters without `/` or `,`."""
from django.db import transaction
from django.utils import timezone

from instances.choices import VmState
from instances.exceptions import InstanceError
from instances.models import Instance, InstanceTag
from instances.services.records import check_state

MAX_TAGS = 50
# Nova changes tags only on servers in these vm states (task state does not matter).
CHANGEABLE_IN = (VmState.ACTIVE, VmState.PAUSED, VmState.SUSPENDED, VmState.STOPPED, VmState.SHELVED,
                 VmState.SHELVED_OFFLOADED)


class TagNotFound(InstanceError):
    status_code = 404

    def __init__(self, instance, tag):
        super().__init__(f"Instance {instance.uuid} has no tag '{tag}'")


class TooManyTags(InstanceError):
    def __init__(self):
        super().__init__(f"The number of tags exceeded the per-server limit {MAX_TAGS}")


def of(instance: Instance) -> list[str]:
    """The instance's tags (from the prefetch cache when there is one), sorted."""
    return sorted(tag.tag for tag in instance.tags.all())


def _touch(instance: Instance) -> None:
    Instance.objects.filter(pk=instance.pk).update(updated_at=timezone.now())


def exists(instance: Instance, tag: str) -> bool:
    return InstanceTag.objects.filter(instance=instance, tag=tag).exists()


@transaction.atomic
def add(instance: Instance, tag: str) -> bool:
    """Add one tag; False when the server already had it (Nova answers 204 then, 201 otherwise)."""
    check_state(instance, "update tag", CHANGEABLE_IN)
    current = set(InstanceTag.objects.filter(instance=instance).values_list("tag", flat=True))
    if tag in current:
        return False
    if len(current) >= MAX_TAGS:
        raise TooManyTags()
    InstanceTag.objects.create(instance=instance, tag=tag)
    _touch(instance)
    return True


@transaction.atomic
def replace(instance: Instance, tags: list[str]) -> list[str]:
    check_state(instance, "update tags", CHANGEABLE_IN)
    InstanceTag.objects.filter(instance=instance).delete()
    InstanceTag.objects.bulk_create([InstanceTag(instance=instance, tag=tag) for tag in dict.fromkeys(tags)])
    _touch(instance)
    return sorted(set(tags))


@transaction.atomic
def remove(instance: Instance, tag: str) -> None:
    check_state(instance, "delete tag", CHANGEABLE_IN)
    if not InstanceTag.objects.filter(instance=instance, tag=tag).delete()[0]:
        raise TagNotFound(instance, tag)
    _touch(instance)


@transaction.atomic
def remove_all(instance: Instance) -> None:
    check_state(instance, "delete tags", CHANGEABLE_IN)
    InstanceTag.objects.filter(instance=instance).delete()
    _touch(instance)
