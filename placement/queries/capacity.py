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

from django.utils import timezone

from placement.models import ResourceProvider
from placement.queries.sql import Params, as_uuid, fetchall, postgresql, tables, uuid_param


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


_PROVIDER_COLUMNS = "rp.id, rp.uuid, rp.name, rp.generation, rp.parent_id, rp.root_id"


def lock_providers(*, ids=(), uuids=(), bump: bool = False) -> list[ResourceProvider]:
    """Lock the named providers in id order (one order for all writers: no deadlock).

    With `bump` their generations move on in the same statement (a write that fails rolls the bump
    back with everything else). Call inside a transaction. The rows come back with their generation.
    """
    if not ids and not uuids:
        return []
    t, params = tables(), Params()
    # Plain lists (a write names a few providers), and only those given: each is an index lookup,
    # where a set subquery OR-ed with a list made PostgreSQL scan the whole table on every claim.
    parts = [f"id IN ({params.add_list(int(i) for i in ids)})" if ids else "",
             f"uuid IN ({params.add_list(uuid_param(u) for u in uuids)})" if uuids else ""]
    where = " OR ".join(part for part in parts if part)
    named = " OR ".join(f"rp.{part}" for part in parts if part)
    if not bump:
        lock = " FOR UPDATE" if postgresql() else ""
        sql = f"SELECT {_PROVIDER_COLUMNS} FROM {t['rp']} rp WHERE {named} ORDER BY rp.id{lock}"
    elif postgresql():
        sql = (f"UPDATE {t['rp']} rp SET generation = rp.generation + 1, updated_at = {params.add_time(timezone.now())} "
               f"FROM (SELECT rp.id FROM {t['rp']} rp WHERE {named} ORDER BY rp.id FOR UPDATE) locked "
               f"WHERE rp.id = locked.id RETURNING {_PROVIDER_COLUMNS}")
    else:  # SQLite: BEGIN IMMEDIATE already made this transaction the only writer
        sql = (f"UPDATE {t['rp']} SET generation = generation + 1, updated_at = {params.add_time(timezone.now())} "
               f"WHERE {where} RETURNING {_PROVIDER_COLUMNS.replace('rp.', '')}")
    rows = sorted(fetchall(sql, params))
    return [ResourceProvider(id=pk, uuid=as_uuid(key), name=name, generation=generation, parent_id=parent_id,
                             root_id=root_id) for pk, key, name, generation, parent_id, root_id in rows]


_INVENTORY_COLUMNS = """inv.provider_id, inv.resource_class_id, inv.total, inv.reserved, inv.min_unit,
       inv.max_unit, inv.step_size, inv.allocation_ratio,
       (inv.total - inv.reserved) * inv.allocation_ratio AS capacity, COALESCE(usage.used, 0) AS used"""


def _usage(params: Params, provider_ids) -> str:
    """The usage relation `usage` of the providers, to LEFT JOIN on (provider, class)."""
    return (f"LEFT JOIN (SELECT provider_id, resource_class_id, SUM(used) AS used FROM {tables()['alloc']} "
            f"WHERE provider_id {params.add_id_set(provider_ids)} GROUP BY provider_id, resource_class_id) usage "
            f"ON usage.provider_id = inv.provider_id AND usage.resource_class_id = inv.resource_class_id")


def _capacity(row) -> Capacity:
    # PostgreSQL sums bigints into numerics: bring usage back to int, capacity to float.
    return Capacity(*row[:8], float(row[8]), int(row[9]))


def capacities(provider_ids) -> dict[tuple[int, int], Capacity]:
    """Capacity and usage of every inventory of the providers, keyed by (provider id, class id).

    Rule: capacity = (total - reserved) * allocation_ratio; used = SUM(allocations.used) of the class
    on the provider (0 when none). One aggregate query, whatever the number of providers.
    """
    provider_ids = sorted(set(provider_ids))
    if not provider_ids:
        return {}
    t, params = tables(), Params()
    sql = (f"SELECT {_INVENTORY_COLUMNS} FROM {t['inv']} inv {_usage(params, provider_ids)} "
           f"WHERE inv.provider_id {params.add_id_set(provider_ids)}")
    rows = [_capacity(row) for row in fetchall(sql, params)]
    return {(row.provider_id, row.resource_class_id): row for row in rows}


def for_classes(provider_ids, class_names, all_of_providers: bool = False):
    """The ids of the named classes that exist, and capacity and usage of those classes on the providers.

    The same rule as `capacities`, narrowed to what a claim asks for, with the class lookup in the
    same round trip: a class without a row on a provider is a class the provider has no inventory of.
    With `all_of_providers` every inventory of the providers comes back (and its class's id) too.
    Returns ({class name: id}, {(provider id, class id): Capacity}).
    """
    t, params = tables(), Params()
    provider_ids = sorted(set(provider_ids)) or [0]
    sql = (f"SELECT rc.name, rc.id, {_INVENTORY_COLUMNS} FROM {t['rc']} rc "
           f"LEFT JOIN {t['inv']} inv ON inv.resource_class_id = rc.id "
           f"AND inv.provider_id {params.add_id_set(provider_ids)} {_usage(params, provider_ids)} "
           f"WHERE rc.name IN ({params.add_list(sorted(set(class_names))) or 'NULL'})"
           + (" OR inv.provider_id IS NOT NULL" if all_of_providers else ""))
    class_ids, found = {}, {}
    for row in fetchall(sql, params):
        class_ids[row[0]] = row[1]
        if row[2] is not None:
            capacity = _capacity(row[2:])
            found[(capacity.provider_id, capacity.resource_class_id)] = capacity
    return class_ids, found
