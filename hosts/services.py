"""Service-registry operations; the API, the conductor tasks and the admin all call these."""
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from rest_framework import exceptions

from dashboard.live import events as live
from hosts import health
from hosts.choices import TOPICS, Binary
from hosts.models import Service

logger = logging.getLogger(__name__)


def record_heartbeat(host: str, binary: str) -> bool:
    """Register the service on its first heartbeat, then keep its last-seen time fresh.

    Returns True when this heartbeat registered the service. The common case is one UPDATE and
    nothing else: every process of the cloud sends one of these every report interval. Only a
    service that was down (its last beat older than the down time) takes a second UPDATE, so that
    its return is announced to open dashboard pages.
    """
    if binary not in Binary.values:
        raise ValueError(f"unknown service binary {binary!r}")
    now = health.clock()
    rows = Service.objects.filter(host=host, binary=binary)
    beat = {"report_count": F("report_count") + 1, "last_seen_up": now, "updated_at": now}
    if rows.filter(last_seen_up__gte=now - timedelta(seconds=settings.XCOMPUTE_SERVICE_DOWN_TIME)).update(**beat):
        return False
    if rows.update(**beat):
        _announce(rows.first())
        return False
    try:
        with transaction.atomic():
            service = Service.objects.create(
                host=host, binary=binary, topic=TOPICS.get(binary, ""),
                report_count=1, last_seen_up=now, updated_at=now,
            )
        logger.info("registered %s on %s", binary, host)
        _announce(service)
        return True
    except IntegrityError:  # registered concurrently by another heartbeat
        return record_heartbeat(host, binary)


def _announce(service: Service | None) -> None:
    if service is not None:
        live.service_changed(service)


def get_by_host_and_binary(host: str, binary: str) -> Service:
    try:
        return Service.objects.get(host=host, binary=binary)
    except Service.DoesNotExist:
        raise exceptions.NotFound(f"Compute host {host} with binary {binary} could not be found.") from None


def ensure_updatable(service: Service) -> None:
    """Only compute services can be switched (as in Nova): the others have nothing to schedule."""
    if service.binary != Binary.COMPUTE:
        raise exceptions.ValidationError(
            {"detail": f"Updating a {service.binary} service is not supported. Only nova-compute services can be updated."}
        )


def set_disabled(service: Service, disabled: bool, reason: str | None = None) -> Service:
    ensure_updatable(service)
    service.disabled = disabled
    service.disabled_reason = reason if disabled else None
    service.updated_at = health.clock()
    service.save(update_fields=["disabled", "disabled_reason", "updated_at"])
    logger.info("%s %s (reason: %s)", "disabled" if disabled else "enabled", service, reason)
    live.service_changed(service)
    # Mirrored into Placement as COMPUTE_STATUS_DISABLED, so the scheduler skips the host up front.
    from hosts.tasks import sync_compute_status  # tasks import this module

    transaction.on_commit(lambda: sync_compute_status.delay(host=service.host))
    return service


def set_forced_down(service: Service, forced_down: bool) -> Service:
    ensure_updatable(service)
    service.forced_down = forced_down
    service.updated_at = health.clock()
    service.save(update_fields=["forced_down", "updated_at"])
    logger.info("%s %s", "forced down" if forced_down else "unforced", service)
    live.service_changed(service)
    return service


def delete(service: Service) -> None:
    logger.info("deleting %s", service)
    service.delete()
