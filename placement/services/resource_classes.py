"""Resource classes: standard ones (os-resource-classes) are fixed; CUSTOM_ ones are created,
renamed (before 1.7) and deleted by operators while no inventory uses them."""
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from placement import exceptions
from placement.models import Allocation, Inventory, ResourceClass
from placement.standards import is_custom


def catalogue():
    return ResourceClass.objects.order_by("id")


def get(name: str) -> ResourceClass:
    resource_class = ResourceClass.objects.filter(name=name).first()
    if resource_class is None:
        raise exceptions.NotFound(f"No such resource class {name}.")
    return resource_class


def create(name: str) -> ResourceClass:
    conflict = exceptions.Conflict(f"Conflicting resource class already exists: {name}")
    if ResourceClass.objects.filter(name=name).exists():
        raise conflict
    try:
        with transaction.atomic():
            return ResourceClass.objects.create(name=name)
    except IntegrityError:
        raise conflict from None


def ensure(name: str) -> tuple[ResourceClass, bool]:
    """The custom class `name`, created unless it exists; True when this call created it."""
    resource_class = ResourceClass.objects.filter(name=name).first()
    if resource_class is not None:
        return resource_class, False
    try:
        with transaction.atomic():
            return ResourceClass.objects.create(name=name), True
    except IntegrityError:  # created concurrently
        return ResourceClass.objects.get(name=name), False


@transaction.atomic
def rename(name: str, new_name: str) -> ResourceClass:
    """Rename a custom class (the 1.2-1.6 PUT); inventories and allocations follow it by id."""
    resource_class = get(name)
    if not is_custom(resource_class.name):
        raise exceptions.BadRequest(f"Cannot update standard resource class {name}")
    conflict = exceptions.Conflict(f"Resource class already exists: {new_name}")
    if ResourceClass.objects.filter(name=new_name).exclude(pk=resource_class.pk).exists():
        raise conflict
    resource_class.name = new_name
    try:
        with transaction.atomic():
            resource_class.save(update_fields=["name", "updated_at"])
    except IntegrityError:
        raise conflict from None
    return resource_class


@transaction.atomic
def delete(name: str) -> None:
    """Delete a custom class that no inventory (nor allocation) refers to."""
    resource_class = get(name)
    if not is_custom(resource_class.name):
        raise exceptions.BadRequest(
            f"Error in delete resource class: Cannot delete standard resource class {name}."
        )
    in_use = exceptions.Conflict(
        f"Error in delete resource class: Cannot delete resource class {name}. Class is in use in inventory."
    )
    used = (Inventory.objects.filter(resource_class=resource_class).exists()
            or Allocation.objects.filter(resource_class=resource_class).exists())
    if used:
        raise in_use
    try:
        with transaction.atomic():
            resource_class.delete()
    except (IntegrityError, ProtectedError):
        raise in_use from None
