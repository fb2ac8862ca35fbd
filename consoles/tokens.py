"""Issuing and resolving console tokens: the clear token is returned once and never stored.

A token lives until it expires (XCOMPUTE_CONSOLE_TOKEN_TTL, Nova's `[consoleauth] token_ttl`) and
only while its instance does: resolving refuses a token whose instance is deleted (or being
deleted) or has moved to another host since, so nothing has to find and revoke the tokens of an
instance at the moment it goes; `revoke` drops them eagerly all the same.
"""
import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from consoles.models import ConsoleAuthToken
from instances.choices import TaskState
from instances.models import Instance


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(*, instance_uuid, compute_host: str, host: str, port: int, ttl_seconds: int,
          console_type: str = "novnc") -> str:
    """A new token for the console at `host`:`port` of the instance on `compute_host`; the clear token."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    ConsoleAuthToken.objects.filter(instance_uuid=instance_uuid, expires_at__lte=now).delete()
    ConsoleAuthToken.objects.create(
        token_hash=hash_token(token), console_type=console_type, instance_uuid=instance_uuid,
        compute_host=compute_host, host=host, port=port, expires_at=now + timedelta(seconds=ttl_seconds),
    )
    return token


def resolve(token: str) -> ConsoleAuthToken | None:
    """The live token row for `token`, or None when it is unknown, expired, or its instance is gone or moved."""
    if not token:
        return None
    row = ConsoleAuthToken.objects.filter(token_hash=hash_token(token), expires_at__gt=timezone.now()).first()
    if row is None:
        return None
    alive = Instance.objects.filter(uuid=row.instance_uuid, host=row.compute_host, deleted_at__isnull=True) \
        .exclude(task_state=TaskState.DELETING).exists()
    return row if alive else None


def revoke(instance_uuid) -> int:
    """Drop every token of the instance; how many there were."""
    return ConsoleAuthToken.objects.filter(instance_uuid=instance_uuid).delete()[0]
