"""The statements of a claim that the scheduler runs for every boot: creating the consumer and
inserting its allocations, each one round trip (the ORM's create and bulk_create cost more to
compile than to run)."""
from django.utils import timezone

from placement.queries.sql import Params, execute, fetchall, tables, uuid_param


def insert_consumer(uuid, project_id: str, user_id: str, consumer_type, generation: int) -> int | None:
    """Create the consumer unless it exists; its id, or None when it already existed.

    ON CONFLICT waits for a concurrent insert of the same uuid to end, so exactly one writer creates
    a consumer and the others go on to lock the row it made.
    """
    t, params = tables(), Params()
    now = params.add_time(timezone.now())
    sql = (f"INSERT INTO {t['consumer']} (uuid, project_id, user_id, consumer_type, generation, created_at, "
           f"updated_at) VALUES ({params.add(uuid_param(uuid))}, {params.add(project_id)}, {params.add(user_id)}, "
           f"{params.add(consumer_type)}, {params.add(generation)}, {now}, {now}) "
           f"ON CONFLICT (uuid) DO NOTHING RETURNING id")
    rows = fetchall(sql, params)
    return rows[0][0] if rows else None


def insert_allocations(rows) -> None:
    """Insert (provider id, consumer id, class id, used) rows in one statement."""
    rows = list(rows)
    if not rows:
        return
    t, params = tables(), Params()
    now = params.add_time(timezone.now())
    values = ", ".join(f"({params.add_list(row)}, {now}, {now})" for row in rows)
    execute(f"INSERT INTO {t['alloc']} (provider_id, consumer_id, resource_class_id, used, created_at, updated_at) "
            f"VALUES {values}", params)
