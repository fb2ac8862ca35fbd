"""`manage.py wait_healthy`: block until every service of this node has heartbeated since the wait began.

Requiring a fresh heartbeat (not merely an `up` row) keeps a restart that failed from passing on
the strength of heartbeats sent before it.
"""
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hosts import health
from hosts.choices import Binary
from hosts.models import Service


class Command(BaseCommand):
    help = "Wait until all six binaries of this host report up, or fail after --timeout seconds."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=int, default=90)

    def handle(self, *args, timeout, **options):
        deadline = time.monotonic() + timeout
        started = health.clock()
        while True:
            missing = self.missing(started)
            if not missing:
                self.stdout.write("all services up: " + ", ".join(Binary.values))
                return
            if time.monotonic() > deadline:
                raise CommandError(f"not up after {timeout}s: {', '.join(missing)} (see var/log/)")
            time.sleep(1)

    def missing(self, since) -> list[str]:
        services = Service.objects.filter(host=settings.XCOMPUTE_HOST, last_seen_up__gte=since)
        up = {service.binary for service in services if health.is_up(service)}
        return [binary for binary in Binary.values if binary not in up]
