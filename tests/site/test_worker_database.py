"""Workers keep their database connection across tasks, as the API keeps it across requests.

Celery's Django fixup, left to its defaults, closes the connection around every task, so each
conductor task opened a new PostgreSQL session (a tenth of the conductor's CPU on the boot path).
"""
import types

import pytest
from celery import signals
from celery.fixups.django import DjangoWorkerFixup
from django.db import connection

from xcompute_site.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


class _Task:
    """What the fixup reads of a task: a request that is not eager."""

    request = types.SimpleNamespace(is_eager=False)


def _run_task_signals(fixup, task):
    for handler, signal in ((fixup.on_task_prerun, signals.task_prerun), (fixup.on_task_postrun, signals.task_postrun)):
        handler(sender=task)
        signal.send(sender=task, task_id="t", task=task, args=(), kwargs={})


def test_a_worker_reuses_its_connection_from_task_to_task():
    fixup = DjangoWorkerFixup(app)  # what a worker installs at start-up, reading the app's settings
    task = _Task()
    connection.ensure_connection()
    opened = connection.connection
    for _ in range(5):
        _run_task_signals(fixup, task)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    assert connection.connection is opened


def test_an_unusable_connection_is_still_dropped_after_a_task():
    fixup = DjangoWorkerFixup(app)
    task = _Task()
    connection.ensure_connection()
    connection.connection.close()  # the server went away under the worker
    connection.errors_occurred = True
    _run_task_signals(fixup, task)
    assert connection.connection is None
