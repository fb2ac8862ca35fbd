"""Tokens: random values handed out once, stored as their SHA-256, validated against the database.

A token's roles are never stored: validation recomputes them from the live role assignments, so a
token dies with its user, its project or domain, or the last role assignment that scoped it.
"""
import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from identity.models import ApplicationCredential, Domain, Project, Role, RoleAssignment, Token, User
from openstack_api.auth import expand_roles


class TokenInvalid(Exception):
    """The token is unknown, expired, revoked, or its user, scope or roles are gone."""


@dataclass(frozen=True)
class Scope:
    project: Project | None = None
    domain: Domain | None = None
    system: bool = False

    @property
    def is_scoped(self) -> bool:
        return bool(self.project or self.domain or self.system)


@dataclass
class ValidToken:
    """A token as validation found it: its record and the roles it carries now."""

    record: Token
    roles: list[Role] = field(default_factory=list)

    @property
    def user(self) -> User:
        return self.record.user

    @property
    def scope(self) -> Scope:
        return Scope(self.record.project, self.record.domain, self.record.system)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def audit_id() -> str:
    """Keystone's audit ids: 16 random bytes, urlsafe base64 without padding."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")


def assigned_roles(user: User, scope: Scope) -> list[Role]:
    """The user's roles on the scope, implied roles included (admin implies member implies reader)."""
    if not scope.is_scoped:
        return []
    assignments = RoleAssignment.objects.filter(user=user)
    if scope.project:
        assignments = assignments.filter(project=scope.project)
    elif scope.domain:
        assignments = assignments.filter(domain=scope.domain)
    else:
        assignments = assignments.filter(system=True)
    names = expand_roles(assignments.values_list("role__name", flat=True).distinct())
    return sorted(Role.objects.filter(name__in=names), key=lambda role: names.index(role.name))


def issue(user: User, scope: Scope, methods: list[str], *, application_credential: ApplicationCredential | None = None,
          expires_at: datetime | None = None, parent_audit_ids: list[str] | None = None) -> tuple[str, ValidToken]:
    """A new token for `user` on `scope`: (its value, shown only now; the validated token)."""
    now = timezone.now()
    expires_at = expires_at or now + timedelta(seconds=settings.XCOMPUTE_TOKEN_EXPIRATION)
    if application_credential and application_credential.expires_at:
        expires_at = min(expires_at, application_credential.expires_at)
    value = secrets.token_urlsafe(32)
    # Keystone leaves expired rows to `token_flush`; dropping the user's own here keeps the table small.
    Token.objects.filter(user=user, expires_at__lte=now).delete()
    record = Token.objects.create(
        token_hash=digest(value), user=user, project=scope.project, domain=scope.domain, system=scope.system,
        application_credential=application_credential, methods=methods,
        audit_ids=[audit_id(), *(parent_audit_ids or [])[:1]], issued_at=now, expires_at=expires_at)
    return value, ValidToken(record, token_roles(record))


def token_roles(record: Token) -> list[Role]:
    roles = assigned_roles(record.user, Scope(record.project, record.domain, record.system))
    if record.application_credential_id:
        allowed = set(expand_roles(record.application_credential.roles.values_list("name", flat=True)))
        roles = [role for role in roles if role.name in allowed]
    return roles


def validate(value: str) -> ValidToken:
    """The live token `value` names, or TokenInvalid."""
    record = (Token.objects.select_related("user__domain", "project__domain", "domain", "application_credential")
              .filter(token_hash=digest(value or "")).first())
    if record is None or record.expires_at <= timezone.now():
        raise TokenInvalid("The token is unknown or expired.")
    if not (record.user.enabled and record.user.domain.enabled):
        raise TokenInvalid("The token's user is disabled.")
    if record.project and not (record.project.enabled and record.project.domain.enabled):
        raise TokenInvalid("The token's project is disabled.")
    if record.domain and not record.domain.enabled:
        raise TokenInvalid("The token's domain is disabled.")
    token = ValidToken(record, token_roles(record))
    if token.scope.is_scoped and not token.roles:
        raise TokenInvalid("The token's user has no role on its scope any more.")
    return token


def revoke(value: str) -> bool:
    """Delete the token; False when there was none."""
    deleted, _ = Token.objects.filter(token_hash=digest(value or "")).delete()
    forget_cached()
    return bool(deleted)


def purge_expired() -> int:
    deleted, _ = Token.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


# The in-process validation cache: token digest -> (RequestContext, monotonic deadline). A revocation
# in this process clears it at once; other processes see it within XCOMPUTE_TOKEN_CACHE_SECONDS.
_cache: dict[str, tuple[object, float]] = {}


def cached(value: str, build):
    """`build(value)`'s result, reused for XCOMPUTE_TOKEN_CACHE_SECONDS (never past the token's expiry)."""
    key = digest(value)
    hit = _cache.get(key)
    now = time.monotonic()
    if hit and hit[1] > now:
        return hit[0]
    result, expires_at = build(value)
    ttl = min(settings.XCOMPUTE_TOKEN_CACHE_SECONDS, (expires_at - timezone.now()).total_seconds())
    if ttl > 0:
        if len(_cache) > 10000:
            _cache.clear()
        _cache[key] = (result, now + ttl)
    return result


def forget_cached() -> None:
    _cache.clear()
