"""`manage.py worker nova-conductor|nova-scheduler`: a database-side Celery worker of this host."""
from django.conf import settings
from django.core.management.base import BaseCommand

from dashboard.live.service_watch import ServiceWatch
from hosts.choices import Binary
from xcompute_site.celery import app
from xcompute_site.celery_config import CONDUCTOR_QUEUE, SCHEDULER_QUEUE
from xcompute_site.env import env, report_interval
from xcompute_site.worker import run_worker

WORKERS = {
    Binary.CONDUCTOR: (CONDUCTOR_QUEUE, "XCOMPUTE_CONDUCTOR_CONCURRENCY", 2),
    Binary.SCHEDULER: (SCHEDULER_QUEUE, "XCOMPUTE_SCHEDULER_CONCURRENCY", 1),
}


class Command(BaseCommand):
    help = "Run the nova-conductor or nova-scheduler worker of this host."

    def add_arguments(self, parser):
        parser.add_argument("binary", choices=[str(binary) for binary in WORKERS])
        parser.add_argument("--pool", default="prefork", help="Celery pool (prefork, threads, solo).")

    def handle(self, *args, binary, pool, **options):
        queue, concurrency_variable, default_concurrency = WORKERS[Binary(binary)]
        # The conductor also tells open dashboard pages when a service stops heartbeating.
        companions = [ServiceWatch(report_interval())] if binary == Binary.CONDUCTOR else []
        run_worker(app, host=settings.XCOMPUTE_HOST, binary=binary, queue=queue, pool=pool,
                   concurrency=env.int(concurrency_variable, default=default_concurrency), companions=companions)
