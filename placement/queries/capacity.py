"""The capacity rule, written once: what a provider holds, what is used of it, and what fits.

A provider can take `amount` more of a resource class when
  - it has inventory of that class;
  - min_unit <= amount <= max_unit and amount is a multiple of step_size (each allocation on its own);
  - used + amount <= (total - reserved) * allocation_ratio (all allocations of the class together).

The numbers are only exact while the provider rows are locked (`lock_providers`) by the transaction
that then writes: every writer of inventories or allocations locks first, so on PostgreSQL the usage
read after the lock sees every committed claim. On SQLite `select_for_update` is a no-op, but writers
open their transactions with BEGIN IMMEDIATE (settings), so they run one at a time.
"""
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q

from placement.models import Allocation, Inventory, ResourceProvider


@dataclass(frozen=True)
class Capacity:
    """One inventory row with its capacity and current usage."""

    provider_id: int
    resource_class_id: int
    total: int
    reserved: int
    min_unit: int
    max_unit: int
    step_size: int
    allocation_ratio: float
    capacity: float
    used: int

    def violates_constraints(self, amount: int) -> bool:
        """True when one allocation of `amount` breaks min_unit, max_unit or step_size."""
        return amount < self.min_unit or amount > self.max_unit or amount % self.step_size != 0

    def exceeded_by(self, amount: int) -> bool:
        """True when `amount` more than is used now would not fit in the capacity."""
        return self.used + amount > self.capacity

    @property
    def over_capacity(self) -> bool:
        return self.exceeded_by(0)


def lock_providers(*, ids=(), uuids=()) -> list[ResourceProvider]:
    """SELECT ... FOR UPDATE the named providers in id order (one order for all writers: no deadlock).

    Call inside a transaction. The rows come back with their current generation.
    """
    if not ids and not uuids:
        return []
    named = Q(id__in=list(ids)) | Q(uuid__in=list(uuids))
    return list(ResourceProvider.objects.filter(named).select_for_update().order_by("id"))


_CAPACITY_SQL = """
SELECT inv.provider_id, inv.resource_class_id, inv.total, inv.reserved, inv.min_unit, inv.max_unit,
       inv.step_size, inv.allocation_ratio,
       (inv.total - inv.reserved) * inv.allocation_ratio AS capacity,
       COALESCE(usage.used, 0) AS used
FROM {inventory} inv
LEFT JOIN (
    SELECT provider_id, resource_class_id, SUM(used) AS used
    FROM {allocation}
    WHERE provider_id IN ({provider_ids})
    GROUP BY provider_id, resource_class_id
) usage ON usage.provider_id = inv.provider_id AND usage.resource_class_id = inv.resource_class_id
WHERE inv.provider_id IN ({provider_ids})
ORDER BY inv.provider_id, inv.resource_class_id
"""


def capacities(provider_ids) -> dict[tuple[int, int], Capacity]:
    """Capacity and usage of every inventory of the providers, keyed by (provider id, class id).

    Rule: capacity = (total - reserved) * allocation_ratio; used = SUM(allocations.used) of the class
    on the provider (0 when none). One aggregate query, whatever the number of providers.
    """
    provider_ids = sorted(set(provider_ids))
    if not provider_ids:
        return {}
    params = {f"provider_{index}": value for index, value in enumerate(provider_ids)}
    sql = _CAPACITY_SQL.format(
        inventory=Inventory._meta.db_table,
        allocation=Allocation._meta.db_table,
        provider_ids=", ".join(f"%({name})s" for name in params),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # PostgreSQL sums bigints into numerics: bring usage back to int, capacity to float.
        rows = [Capacity(*row[:8], float(row[8]), int(row[9])) for row in cursor.fetchall()]
    return {(row.provider_id, row.resource_class_id): row for row in rows}
