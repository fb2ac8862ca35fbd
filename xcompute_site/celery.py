"""The Celery app of the database-side workers (conductor, scheduler) and of the API senders."""
import os

from celery import Celery, signals
from django.db import close_old_connections

from openstack_api import request_id
from xcompute_site.celery_config import celery_config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xcompute_site.settings")

app = Celery("xcompute")
app.conf.update(celery_config())
# Celery's Django fixup closes the database connection before and after every task unless told to
# reuse it; reconnecting took a tenth of the conductor's CPU (a new PostgreSQL session per task).
# Told to reuse it "forever", it leaves connections to Django's own rule, applied around each task
# as around each request: kept for CONN_MAX_AGE, dropped when unusable.
app.conf.CELERY_DB_REUSE_MAX = 2**62
signals.task_prerun.connect(lambda **_: close_old_connections(), weak=False)
signals.task_postrun.connect(lambda **_: close_old_connections(), weak=False)
app.autodiscover_tasks()
request_id.connect_celery()
