"""Provider generations: every change to a provider bumps it; a stale expected value is a 409."""
import uuid as uuid_module

from placement import exceptions, lookups
from placement.models import ResourceProvider
from placement.queries import provider_rows


def bump(provider: ResourceProvider, expected: int | None = None) -> int:
    """Increment the provider's generation (only if it is still `expected`, when given); return it."""
    if not provider_rows.bump_generation(provider, expected):
        raise exceptions.ConcurrentUpdate(
            f"resource provider generation conflict: the provider {provider.uuid} changed since generation "
            f"{expected} was read; re-read it and retry"
        )
    return provider.generation


def advance(uuid_value, expected: int) -> ResourceProvider:
    """Lock the provider, refuse a stale `expected` (409) and bump, for writes that always bump.

    One statement on the way that succeeds; a 404 or 409 worded as `lookups` and `check` word them.
    """
    try:
        key = uuid_module.UUID(str(uuid_value))
    except ValueError:
        key = None
    provider = provider_rows.advance(key, expected) if key else None
    if provider is None:
        check(lookups.get_provider(uuid_value), expected)
        raise exceptions.ConcurrentUpdate(f"resource provider generation conflict: the provider {uuid_value} "
                                          f"changed while it was written; re-read it and retry")
    return provider


def check(provider: ResourceProvider, expected) -> None:
    """Refuse a request made against an older view of the provider."""
    if expected != provider.generation:
        raise exceptions.ConcurrentUpdate(
            f"resource provider generation conflict: expected {expected}, the provider {provider.uuid} is at "
            f"{provider.generation}"
        )
