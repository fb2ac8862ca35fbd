"""A provider's inventories: checked, written under the provider's row lock, generation bumped.

Every write locks the provider row first (as allocation writes do), so a claim and an inventory
change on the same provider never interleave. Shrinking an inventory below what is allocated from
it, or removing one that is allocated from, is refused with placement.inventory.inuse: no write
takes a provider over capacity.
"""
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from placement import exceptions, generations, lookups
from placement.api.schemas.inventories import MAX_INT
from placement.models import Allocation, Inventory, ResourceClass, ResourceProvider
from placement.queries import capacity, provider_rows


@dataclass(frozen=True)
class InventoryValues:
    """The six numbers of an inventory, with upstream's defaults for those a body leaves out."""

    total: int
    reserved: int = 0
    min_unit: int = 1
    max_unit: int = MAX_INT
    step_size: int = 1
    allocation_ratio: float = 1.0

    @classmethod
    def from_body(cls, body: dict) -> "InventoryValues":
        return cls(**{name: body[name] for name in cls.__dataclass_fields__ if name in body})

    @property
    def capacity(self) -> int:
        return int((self.total - self.reserved) * self.allocation_ratio)

    def problem(self, provider_uuid, resource_class: str, reserved_may_equal_total: bool) -> str | None:
        """Why these values cannot be stored, in upstream's words, or None."""
        if self.capacity < 0 or (self.capacity == 0 and not reserved_may_equal_total):
            relation = "greater than" if reserved_may_equal_total else "greater than or equal to"
            return (f"Invalid inventory for '{resource_class}' on resource provider '{provider_uuid}'. "
                    f"The reserved value is {relation} total.")
        if self.min_unit > self.max_unit:
            return (f"Bad inventory {resource_class} for resource provider {provider_uuid}: "
                    f"min_unit ({self.min_unit}) is greater than max_unit ({self.max_unit}).")
        return None


def checked(provider, bodies: dict, verb: str, reserved_may_equal_total: bool) -> dict[str, InventoryValues]:
    """Values per class name from request bodies; a 400 naming the first that cannot be stored."""
    result = {}
    for name, body in bodies.items():
        values = InventoryValues.from_body(body)
        problem = values.problem(provider.uuid, name, reserved_may_equal_total)
        if problem:
            raise exceptions.BadRequest(f"Unable to {verb} inventory for resource provider {provider.uuid}: {problem}")
        result[name] = values
    return result


def class_ids(names, prefix: str) -> dict[str, int]:
    """Ids of the named resource classes; a 400 `prefix` + upstream's reason for an unknown one."""
    found = dict(ResourceClass.objects.filter(name__in=set(names)).values_list("name", "id"))
    unknown = sorted(set(names) - set(found))
    if unknown:
        raise exceptions.BadRequest(f"{prefix}No such resource class {unknown[0]}.")
    return found


def in_use(provider, names, prefix: str = "", detail: str = "") -> exceptions.Conflict:
    """The refusal nova-compute recognises: 'Inventory for ... on resource provider ... in use.'."""
    classes = ", ".join(sorted(names))
    message = f"{prefix}Inventory for '{classes}' on resource provider '{provider.uuid}' in use.{detail}"
    return exceptions.Conflict(message, code=exceptions.INVENTORY_INUSE)


def locked_provider(uuid_value) -> ResourceProvider:
    """The provider, its row locked until the transaction ends; a 404 when there is none."""
    return lookups.get_provider(uuid_value, for_update=True)


def of(provider) -> list[Inventory]:
    return list(provider.inventories.select_related("resource_class").order_by("resource_class__name"))


def upsert(provider, values_by_id: dict[int, InventoryValues]) -> None:
    """Create or overwrite the given inventories of a locked provider (no capacity check)."""
    now = timezone.now()
    existing = {inv.resource_class_id: inv for inv in provider.inventories.all()}
    for rc_id, values in values_by_id.items():
        if rc_id in existing:
            Inventory.objects.filter(pk=existing[rc_id].pk).update(**asdict(values), updated_at=now)
        else:
            Inventory.objects.create(provider=provider, resource_class_id=rc_id, **asdict(values))


def remove(provider, rc_ids, refusal) -> None:
    """Delete inventories of a locked provider; `refusal(names)` is raised when one is allocated from."""
    used = _allocated_class_names(provider, rc_ids)
    if used:
        raise refusal(used)
    Inventory.objects.filter(provider=provider, resource_class_id__in=list(rc_ids)).delete()


def check_capacity(provider, rc_ids) -> None:
    """Refuse (inventory in use) when what is allocated no longer fits an inventory of a locked provider."""
    rows = capacity.capacities([provider.id])
    over = [row for key, row in rows.items() if key[1] in set(rc_ids) and row.over_capacity]
    if over:
        names = dict(ResourceClass.objects.filter(id__in=[row.resource_class_id for row in over])
                     .values_list("id", "name"))
        detail = "".join(f" {names[row.resource_class_id]} has {row.used} allocated, more than its capacity "
                         f"{row.capacity:g}." for row in over)
        raise in_use(provider, names.values(), prefix="update conflict: ", detail=detail)


def _allocated_class_names(provider, rc_ids) -> list[str]:
    return sorted(set(
        Allocation.objects.filter(provider=provider, resource_class_id__in=list(rc_ids))
        .values_list("resource_class__name", flat=True)
    ))


@transaction.atomic
def replace_all(uuid_value, generation, bodies: dict, reserved_may_equal_total: bool):
    """PUT .../inventories: the provider ends up with exactly these inventories.

    The generation is checked and bumped as the row is locked; what the provider holds and what is
    used of it is read once, under the lock; the checks and the response are worked out from it (a
    compute node's periodic report is a handful of statements). A refusal rolls all of it back.
    """
    provider = generations.advance(uuid_value, generation)
    values = checked(provider, bodies, "update", reserved_may_equal_total)
    ids, rows = capacity.for_classes([provider.id], values, all_of_providers=True)
    unknown = sorted(set(values) - set(ids))
    if unknown:
        raise exceptions.BadRequest(f"Unknown resource class in inventory for resource provider {provider.uuid}: "
                                    f"No such resource class {unknown[0]}.")
    current = {rc_id: row for (_, rc_id), row in rows.items()}
    names = {rc_id: name for name, rc_id in ids.items()}
    removed = set(current) - {ids[name] for name in values}
    used = sorted(names[rc_id] for rc_id in removed if current[rc_id].used)
    if used:
        raise in_use(provider, used, "update conflict: ")
    if removed:
        Inventory.objects.filter(provider=provider, resource_class_id__in=removed).delete()
    _refuse_over_capacity(provider, {name: (item, current.get(ids[name])) for name, item in values.items()})
    _write(provider, {ids[name]: item for name, item in values.items()}, current)
    return provider, [Inventory(provider=provider, resource_class=ResourceClass(id=ids[name], name=name),
                                updated_at=provider.updated_at, **asdict(values[name])) for name in sorted(values)]


def _refuse_over_capacity(provider, changes: dict) -> None:
    """Inventory in use when what is allocated would no longer fit (changes: name -> (new values, current row))."""
    over = {name: (values, row) for name, (values, row) in changes.items()
            if row is not None and row.used > (values.total - values.reserved) * values.allocation_ratio}
    if over:
        detail = "".join(f" {name} has {row.used} allocated, more than its capacity "
                         f"{(values.total - values.reserved) * values.allocation_ratio:g}."
                         for name, (values, row) in sorted(over.items()))
        raise in_use(provider, over, prefix="update conflict: ", detail=detail)


def _write(provider, values_by_id: dict[int, InventoryValues], current: dict) -> None:
    """Insert the new inventories in one statement; update only those whose numbers changed."""
    now = timezone.now()
    for rc_id, values in values_by_id.items():
        row = current.get(rc_id)
        if row is not None and InventoryValues(row.total, row.reserved, row.min_unit, row.max_unit, row.step_size,
                                               row.allocation_ratio) != values:
            Inventory.objects.filter(provider=provider, resource_class_id=rc_id).update(**asdict(values),
                                                                                      updated_at=now)
    provider_rows.insert_inventories(provider.id, {rc_id: asdict(values) for rc_id, values in values_by_id.items()
                                            if rc_id not in current})


@transaction.atomic
def create_one(uuid_value, body: dict, reserved_may_equal_total: bool):
    """POST .../inventories: add one inventory the provider does not have yet."""
    provider = locked_provider(uuid_value)
    name = body["resource_class"]
    values = checked(provider, {name: body}, "create", reserved_may_equal_total)[name]
    rc_id = class_ids([name], f"Unable to create inventory for resource provider {provider.uuid}: ")[name]
    if provider.inventories.filter(resource_class_id=rc_id).exists():
        raise exceptions.ConcurrentUpdate(
            f"Update conflict: inventory of class {name} already exists on resource provider {provider.uuid}"
        )
    upsert(provider, {rc_id: values})
    generations.bump(provider)
    return provider, provider.inventories.select_related("resource_class").get(resource_class_id=rc_id)


@transaction.atomic
def update_one(uuid_value, name: str, generation, body: dict, reserved_may_equal_total: bool):
    """PUT .../inventories/{resource_class}: change an inventory the provider has."""
    provider = locked_provider(uuid_value)
    generations.check(provider, generation)
    values = checked(provider, {name: body}, "update", reserved_may_equal_total)[name]
    rc_id = ResourceClass.objects.filter(name=name).values_list("id", flat=True).first()
    if rc_id is None:
        raise exceptions.NotFound(f"No such resource class {name}.")
    if not provider.inventories.filter(resource_class_id=rc_id).exists():
        raise exceptions.BadRequest(f"No inventory record with resource class for resource provider "
                                    f"{provider.uuid}: No inventory of class {name} found.")
    upsert(provider, {rc_id: values})
    check_capacity(provider, [rc_id])
    generations.bump(provider)
    return provider, provider.inventories.select_related("resource_class").get(resource_class_id=rc_id)


@transaction.atomic
def delete_one(uuid_value, name: str) -> None:
    """DELETE .../inventories/{resource_class}: refused while anything is allocated from it."""
    provider = locked_provider(uuid_value)
    rc_id = ResourceClass.objects.filter(name=name).values_list("id", flat=True).first()
    if rc_id is None:
        raise exceptions.NotFound(f"No inventory of class {name} found for delete: No such resource class {name}.")
    if not provider.inventories.filter(resource_class_id=rc_id).exists():
        raise exceptions.NotFound(f"No inventory of class {name} found for delete.")
    remove(provider, [rc_id], lambda names: in_use(provider, names, f"Unable to delete inventory of class {name}: "))
    generations.bump(provider)


@transaction.atomic
def delete_all(uuid_value) -> None:
    """DELETE .../inventories (1.5): refused while anything is allocated from the provider."""
    provider = locked_provider(uuid_value)
    current = set(provider.inventories.values_list("resource_class_id", flat=True))
    remove(provider, current, lambda names: in_use(provider, names))
    generations.bump(provider)
