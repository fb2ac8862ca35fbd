"""Announce services that went down: a heartbeat that stops arriving writes nothing to notice.

A service comes back up through a heartbeat (hosts.services announces that); it goes down only by
the clock, when its last beat grows older than the down time. The conductor runs this watch beside
its worker: every interval it asks which services crossed that line since the last look (one
indexed query) and publishes them. Several conductors may each announce the same change: pages
apply an event idempotently.
"""
import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection

from dashboard.live import events
from hosts import health
from hosts.models import Service

logger = logging.getLogger(__name__)


def went_down(since, now) -> list[Service]:
    """Services whose last beat became older than the down time in (since, now]."""
    down_time = timedelta(seconds=settings.XCOMPUTE_SERVICE_DOWN_TIME)
    return list(Service.objects.filter(last_seen_up__gt=since - down_time, last_seen_up__lte=now - down_time,
                                       forced_down=False))


def announce(since, now) -> int:
    services = went_down(since, now)
    for service in services:
        logger.info("%s on %s is down (last heartbeat %s)", service.binary, service.host, service.last_seen_up)
        events.service_changed(service, now)
    return len(services)


class ServiceWatch:
    """A companion of the conductor's worker (start/stop), looking every `interval` seconds."""

    def __init__(self, interval: float):
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="service-watch", daemon=True)

    def _run(self) -> None:
        since = health.clock()
        while not self._stop.wait(self.interval):
            now = health.clock()
            try:
                close_old_connections()
                announce(since, now)
                since = now
            except Exception:  # the database may be briefly away; the next look covers this window too
                logger.warning("service watch could not look at the registry", exc_info=True)
        connection.close()

    def start(self) -> "ServiceWatch":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
