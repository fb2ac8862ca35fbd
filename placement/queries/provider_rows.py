"""Single-provider statements of the write paths (create, lock, generation, traits, aggregates,
inventories), each one round trip in raw SQL: a provider load is four requests of a few of these.

Rules they carry: a provider's generation moves by one with every change, and only from the value
the writer expects when it states one; writers lock the provider row before reading what they
change (SQLite's writers are serialised by BEGIN IMMEDIATE instead).
"""
from contextlib import nullcontext

from django.db import transaction
from django.utils import timezone

from placement.models import ResourceProvider
from placement.queries.sql import Params, as_time, as_uuid, execute, fetchall, postgresql, tables, uuid_param

_COLUMNS = "id, uuid, name, generation, parent_id, root_id, created_at, updated_at"


def _provider(row) -> ResourceProvider:
    pk, key, name, generation, parent_id, root_id, created_at, updated_at = row
    return ResourceProvider(id=pk, uuid=as_uuid(key), name=name, generation=generation, parent_id=parent_id,
                            root_id=root_id, created_at=as_time(created_at), updated_at=as_time(updated_at))


def by_uuid(uuid, for_update: bool = False) -> ResourceProvider | None:
    """The provider row (locked until the transaction ends with `for_update`), or None."""
    params = Params()
    lock = " FOR UPDATE" if for_update and postgresql() else ""
    rows = fetchall(f"SELECT {_COLUMNS} FROM {tables()['rp']} WHERE uuid = {params.add_uuid(uuid)}{lock}", params)
    return _provider(rows[0]) if rows else None


def insert(name: str, uuid, parent: ResourceProvider | None) -> ResourceProvider | None:
    """Create the provider (a root is its own root); None when its name or uuid is taken.

    On PostgreSQL a root is one statement, which needs no transaction of its own: its id is drawn
    first so that it can be its own root_id. Elsewhere the root_id follows in a second statement.
    """
    t, params = tables(), Params()
    now = timezone.now()
    values = (f"{params.add_uuid(uuid)}, {params.add(name)}, 0, {params.add(parent.id if parent else None)}, "
              f"{params.add_time(now)}, {params.add_time(now)}")
    columns = "uuid, name, generation, parent_id, created_at, updated_at, root_id"
    one_statement = parent is None and postgresql()
    if one_statement:
        sql = (f"WITH new AS (SELECT nextval(pg_get_serial_sequence('{t['rp']}', 'id')) AS id) "
               f"INSERT INTO {t['rp']} (id, {columns}) SELECT new.id, {values}, new.id FROM new "
               f"ON CONFLICT DO NOTHING RETURNING id")
    else:
        sql = (f"INSERT INTO {t['rp']} ({columns}) VALUES ({values}, {params.add(parent.root_id if parent else None)}) "
               f"ON CONFLICT DO NOTHING RETURNING id")
    with transaction.atomic(savepoint=False) if not one_statement else nullcontext():
        rows = fetchall(sql, params)
        if not rows:
            return None
        provider = ResourceProvider(id=rows[0][0], uuid=uuid, name=name, generation=0, parent=parent,
                                    root_id=parent.root_id if parent else rows[0][0], created_at=now, updated_at=now)
        if parent is None and not one_statement:
            params = Params()
            execute(f"UPDATE {t['rp']} SET root_id = id WHERE id = {params.add(provider.id)}", params)
    if parent is None:
        provider.root = provider
    elif parent.root_id == parent.id:
        provider.root = parent
    return provider


def advance(uuid, expected: int) -> ResourceProvider | None:
    """Lock the provider, check that its generation is `expected` and move it on, in one statement.

    None when there is no such provider or it is at another generation. A concurrent writer's lock
    is waited for, and its committed generation is the one compared.
    """
    params = Params()
    now = timezone.now()
    rows = fetchall(f"UPDATE {tables()['rp']} SET generation = generation + 1, updated_at = {params.add_time(now)} "
                    f"WHERE uuid = {params.add_uuid(uuid)} AND generation = {params.add(expected)} "
                    f"RETURNING {_COLUMNS}", params)
    return _provider(rows[0]) if rows else None


def bump_generation(provider: ResourceProvider, expected: int | None = None) -> bool:
    """Move the generation on (only from `expected`, when given); False when it was not `expected`."""
    params = Params()
    now = timezone.now()
    sql = (f"UPDATE {tables()['rp']} SET generation = generation + 1, updated_at = {params.add_time(now)} "
           f"WHERE id = {params.add(provider.id)}")
    if expected is not None:
        sql += f" AND generation = {params.add(expected)}"
    rows = fetchall(sql + " RETURNING generation", params)
    if not rows:
        return False
    provider.generation, provider.updated_at = rows[0][0], now
    return True


def traits_for_replace(provider_id: int, names) -> list[tuple[int, str, object, bool]]:
    """(id, name, updated_at, on the provider now) of the named traits and of those the provider has."""
    t, params = tables(), Params()
    sql = (f"SELECT tr.id, tr.name, tr.updated_at, pt.id IS NOT NULL FROM {t['trait']} tr "
           f"LEFT JOIN {t['pt']} pt ON pt.trait_id = tr.id AND pt.provider_id = {params.add(provider_id)} "
           f"WHERE tr.name IN ({params.add_list(sorted(set(names))) or 'NULL'}) OR pt.id IS NOT NULL ORDER BY tr.name")
    return [(pk, name, as_time(updated_at), bool(linked)) for pk, name, updated_at, linked in fetchall(sql, params)]


def aggregates_of(provider_id: int) -> set:
    params = Params()
    rows = fetchall(f"SELECT aggregate_uuid FROM {tables()['pa']} WHERE provider_id = {params.add(provider_id)}",
                    params)
    return {as_uuid(row[0]) for row in rows}


def insert_inventories(provider_id: int, values_by_class: dict[int, dict]) -> None:
    """Insert inventories (class id -> the six numbers) of a provider in one statement."""
    if not values_by_class:
        return
    params = Params()
    now = params.add_time(timezone.now())
    fields = ("total", "reserved", "min_unit", "max_unit", "step_size", "allocation_ratio")
    rows = ", ".join(f"({params.add(provider_id)}, {params.add(rc_id)}, "
                     f"{params.add_list(values[field] for field in fields)}, {now})"
                     for rc_id, values in values_by_class.items())
    execute(f"INSERT INTO {tables()['inv']} (provider_id, resource_class_id, {', '.join(fields)}, updated_at) "
            f"VALUES {rows}", params)


def link(table: str, column: str, provider_id: int, values) -> None:
    """Insert (provider, value) rows into a link table (`pt` or `pa`), skipping those that exist."""
    values = list(values)
    if not values:
        return
    params = Params()
    convert = uuid_param if table == "pa" else int
    rows = ", ".join(f"({params.add(provider_id)}, {params.add(convert(value))})" for value in values)
    execute(f"INSERT INTO {tables()[table]} (provider_id, {column}) VALUES {rows} ON CONFLICT DO NOTHING", params)


def unlink(table: str, column: str, provider_id: int, values) -> None:
    values = list(values)
    if not values:
        return
    params = Params()
    convert = uuid_param if table == "pa" else int
    execute(f"DELETE FROM {tables()[table]} WHERE provider_id = {params.add(provider_id)} "
            f"AND {column} IN ({params.add_list(convert(value) for value in values)})", params)
