"""Whether a service is up: a fresh heartbeat and not forced down by the operator."""
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

# Replaced in tests to move time without waiting.
clock = timezone.now


def is_up(service, now=None) -> bool:
    if service.forced_down or service.last_seen_up is None:
        return False
    now = now if now is not None else clock()
    return now - service.last_seen_up <= timedelta(seconds=settings.XCOMPUTE_SERVICE_DOWN_TIME)


def state(service, now=None) -> str:
    return "up" if is_up(service, now) else "down"
