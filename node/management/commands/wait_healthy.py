"""`manage.py wait_healthy`: block until every service of this node has heartbeated since the wait began,
and the image, network and identity APIs and the dashboard answer their health checks.

Requiring a fresh heartbeat (not merely an `up` row) keeps a restart that failed from passing on
the strength of heartbeats sent before it. The image, network and identity APIs send no heartbeat (Glance,
Neutron and Keystone are not Nova services); their `/healthcheck` answering 200 is their sign of life. The node's simulated hypervisors
(XCOMPUTE_SIMULATED_HOSTS) register under their own host names, so they are waited for by name:
every one of them must have heartbeated its `nova-compute` too.
"""
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hostagent.simulated.fleet import Fleet
from hosts import health
from hosts.choices import Binary
from hosts.models import Service
from node.endpoints import ports

# The APIs that are no Nova service, by program name, and the API each serves.
HEALTH_CHECKED = {"glance-api": "image", "neutron-server": "network", "keystone": "identity", "dashboard": "dashboard"}
SIMULATED = "nova-compute-simulated"


def api_healthy(service: str) -> bool:
    url = f"http://127.0.0.1:{ports()[service]}/healthcheck"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (a fixed local http URL)
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


class Command(BaseCommand):
    help = "Wait until all binaries of this host report up and its other APIs are healthy, or fail after --timeout."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=int, default=90)

    def handle(self, *args, timeout, **options):
        deadline = time.monotonic() + timeout
        started = health.clock()
        while True:
            missing = self.missing(started)
            if not missing:
                count = len(self.simulated_hosts())
                simulated = [f"{SIMULATED} ({count} hosts)"] if count else []
                self.stdout.write("all services up: " + ", ".join([*Binary.values, *HEALTH_CHECKED, *simulated]))
                return
            if time.monotonic() > deadline:
                raise CommandError(f"not up after {timeout}s: {', '.join(missing)} (see var/log/)")
            time.sleep(1)

    def missing(self, since) -> list[str]:
        services = Service.objects.filter(host=settings.XCOMPUTE_HOST, last_seen_up__gte=since)
        up = {service.binary for service in services if health.is_up(service)}
        missing = [binary for binary in Binary.values if binary not in up]
        missing += [program for program, service in HEALTH_CHECKED.items() if not api_healthy(service)]
        return missing + self.missing_simulated(since)

    @staticmethod
    def simulated_hosts() -> list[str]:
        return Fleet.from_env().hosts

    def missing_simulated(self, since) -> list[str]:
        """The simulated hosts whose nova-compute has not heartbeated since `since`, as one entry."""
        hosts = self.simulated_hosts()
        if not hosts:
            return []
        services = Service.objects.filter(host__in=hosts, binary=Binary.COMPUTE, last_seen_up__gte=since)
        down = len(hosts) - sum(1 for service in services if health.is_up(service))
        return [f"{SIMULATED} ({down} of {len(hosts)} hosts)"] if down else []
