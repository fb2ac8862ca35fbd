"""Failed logins, counted in the database so every API worker sees them.

A user with XCOMPUTE_LOCKOUT_FAILURE_ATTEMPTS failures within XCOMPUTE_LOCKOUT_DURATION is locked
(Keystone's lockout_failure_attempts / lockout_duration: 401 even with the right password); a client
address with XCOMPUTE_LOGIN_FAILURES_PER_ADDRESS failures gets 429 until its window passes.
"""
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from identity.models import FailedLogin


def user_key(user_id: str) -> str:
    return f"user:{user_id}"


def address_key(address: str) -> str:
    return f"address:{address}"


def _window_start():
    return timezone.now() - timedelta(seconds=settings.XCOMPUTE_LOCKOUT_DURATION)


def failures(key: str) -> int:
    return FailedLogin.objects.filter(key=key, first_at__gt=_window_start()).values_list("count", flat=True).first() or 0


def seconds_left(key: str) -> float:
    """Seconds until the failures counted under `key` leave the window."""
    first_at = FailedLogin.objects.filter(key=key).values_list("first_at", flat=True).first()
    if first_at is None:
        return 0.0
    return max(0.0, (first_at - _window_start()).total_seconds())


def user_locked(user_id: str) -> bool:
    limit = settings.XCOMPUTE_LOCKOUT_FAILURE_ATTEMPTS
    return limit > 0 and failures(user_key(user_id)) >= limit


def address_blocked(address: str) -> bool:
    limit = settings.XCOMPUTE_LOGIN_FAILURES_PER_ADDRESS
    return bool(address) and limit > 0 and failures(address_key(address)) >= limit


def record_failure(*, user_id: str | None, address: str) -> None:
    for key in ([user_key(user_id)] if user_id else []) + ([address_key(address)] if address else []):
        with transaction.atomic():
            row, created = FailedLogin.objects.select_for_update().get_or_create(
                key=key, defaults={"count": 1, "first_at": timezone.now()})
            if created:
                continue
            if row.first_at <= _window_start():
                row.count, row.first_at = 1, timezone.now()
            else:
                row.count += 1
            row.save(update_fields=["count", "first_at"])


def record_success(user_id: str) -> None:
    FailedLogin.objects.filter(key=user_key(user_id)).delete()
