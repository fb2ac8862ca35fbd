"""Keeps the agent away from the database: importing an ORM or a database driver fails loudly.

Agents run on hypervisors without database credentials (the design's data-ownership rule); this
guard turns an accidental import into an immediate error instead of a silent dependency.
"""
import importlib.abc
import sys

FORBIDDEN = ("django.db", "psycopg", "psycopg2", "instances", "placement", "hosts", "scheduling")


class DatabaseImportBlocked(ImportError):
    pass


class _Guard(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if any(fullname == name or fullname.startswith(name + ".") for name in FORBIDDEN):
            raise DatabaseImportBlocked(f"the compute agent must not import {fullname}")
        return None


def install() -> None:
    loaded = [name for name in sys.modules if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)]
    if loaded:
        raise DatabaseImportBlocked(f"already imported before the guard: {', '.join(sorted(loaded))}")
    if not any(isinstance(finder, _Guard) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Guard())
