"""What every raw Placement query shares: table names, named parameters, and values that differ
between PostgreSQL and SQLite (UUIDs, timestamps) converted in one place.

The hot write paths (claims, provider loads) use raw statements because the ORM spends more time
compiling a statement than PostgreSQL spends running it.
"""
import datetime
import json
import uuid

from django.db import connection, models
from django.utils import timezone

from placement.models import (
    Allocation,
    Consumer,
    Inventory,
    ProviderAggregate,
    ProviderTrait,
    ResourceClass,
    ResourceProvider,
    Trait,
)

_UUID_FIELD = models.UUIDField()
_DATETIME_FIELD = models.DateTimeField()


def tables() -> dict[str, str]:
    return {
        "rp": ResourceProvider._meta.db_table,
        "inv": Inventory._meta.db_table,
        "alloc": Allocation._meta.db_table,
        "pt": ProviderTrait._meta.db_table,
        "pa": ProviderAggregate._meta.db_table,
        "rc": ResourceClass._meta.db_table,
        "trait": Trait._meta.db_table,
        "consumer": Consumer._meta.db_table,
    }


def postgresql() -> bool:
    return connection.vendor == "postgresql"


class Params(dict):
    """Collects named parameters; `add` returns the placeholder for a fresh one."""

    def add(self, value) -> str:
        name = f"p{len(self)}"
        self[name] = value
        return f"%({name})s"

    def add_list(self, values) -> str:
        return ", ".join(self.add(value) for value in values)

    def add_uuid(self, value) -> str:
        return self.add(uuid_param(value))

    def add_time(self, moment) -> str:
        return self.add(_DATETIME_FIELD.get_db_prep_value(moment, connection))

    def add_id_set(self, ids) -> str:
        """`IN <set>` for many integer ids as ONE parameter: an array on PostgreSQL, JSON on SQLite."""
        ids = [int(i) for i in ids]
        if postgresql():
            # unnest gives the planner a relation to hash-join; `= ANY(array)` compares row by row.
            return f"IN (SELECT unnest(CAST({self.add(ids)} AS BIGINT[])))"
        return f"IN (SELECT value FROM json_each({self.add(json.dumps(ids))}))"


def uuid_param(value):
    """A UUID as the database stores it (uuid on PostgreSQL, 32 hex digits on SQLite)."""
    return _UUID_FIELD.get_db_prep_value(value, connection)


def as_uuid(value) -> uuid.UUID | None:
    """PostgreSQL hands back UUIDs, SQLite 32-digit hex."""
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(value)


def as_uuid_text(value) -> str | None:
    """A UUID as the API writes it, from a uuid, 32 hex digits, or `uuid_text()` text."""
    if isinstance(value, str) and len(value) == 36:
        return value
    return None if value is None else str(as_uuid(value))


def uuid_text(column: str) -> str:
    """SQL for a uuid column as the API's text where the database can write it (PostgreSQL)."""
    return f"CAST({column} AS TEXT)" if postgresql() else column


def as_time(value):
    """A timestamp column's value as an aware datetime (SQLite hands back text)."""
    if value is None or not isinstance(value, str):
        return value
    moment = _DATETIME_FIELD.to_python(value)
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


def floor_int(expression: str) -> str:
    """SQL for floor(expression) as an integer (the expressions this is used on are never negative)."""
    return f"CAST(FLOOR({expression}) AS BIGINT)" if postgresql() else f"CAST({expression} AS INTEGER)"


def text_agg(expression: str, order_by: str | None = None) -> str:
    """SQL aggregating text with ', ' between; in `order_by` order (SQLite: feed rows in that order)."""
    if postgresql():
        return f"string_agg({expression}, ', '{' ORDER BY ' + order_by if order_by else ''})"
    return f"group_concat({expression}, ', ')"


def fetchall(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def execute(sql: str, params: dict) -> int:
    """Run a statement; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
