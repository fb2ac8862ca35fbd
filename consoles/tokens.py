"""Issuing and resolving console tokens: the clear token is returned once and never stored."""
import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from consoles.models import ConsoleAuthToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(*, instance_uuid, host: str, port: int, ttl_seconds: int, console_type: str = "novnc") -> str:
    token = secrets.token_urlsafe(32)
    ConsoleAuthToken.objects.create(
        token_hash=hash_token(token), console_type=console_type, instance_uuid=instance_uuid,
        host=host, port=port, expires_at=timezone.now() + timedelta(seconds=ttl_seconds),
    )
    return token


def resolve(token: str) -> ConsoleAuthToken | None:
    """The live token row for `token`, or None when it is unknown or expired."""
    if not token:
        return None
    return ConsoleAuthToken.objects.filter(token_hash=hash_token(token), expires_at__gt=timezone.now()).first()
