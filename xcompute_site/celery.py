"""The Celery app of the database-side workers (conductor, scheduler) and of the API senders."""
import os

from celery import Celery

from openstack_api import request_id
from xcompute_site.celery_config import celery_config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xcompute_site.settings")

app = Celery("xcompute")
app.conf.update(celery_config())
app.autodiscover_tasks()
request_id.connect_celery()
