"""Per-project transaction locks, so concurrent requests of one project count what each other made.

PostgreSQL: an advisory lock held until the transaction ends. SQLite serialises writers already.
"""
import hashlib

from django.db import connection


def lock_project(namespace: str, project_id: str) -> None:
    """Wait for, and hold until the current transaction ends, the lock on (namespace, project)."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"{namespace}:{project_id}".encode()).digest()[:8]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)])
