"""Provider generations: every change to a provider bumps it; a stale expected value is a 409."""
from django.db.models import F
from django.utils import timezone

from placement import exceptions
from placement.models import ResourceProvider


def bump(provider: ResourceProvider, expected: int | None = None) -> int:
    """Increment the provider's generation (only if it is still `expected`, when given); return it."""
    queryset = ResourceProvider.objects.filter(pk=provider.pk)
    if expected is not None:
        queryset = queryset.filter(generation=expected)
    if not queryset.update(generation=F("generation") + 1, updated_at=timezone.now()):
        raise exceptions.ConcurrentUpdate(
            f"resource provider generation conflict: the provider {provider.uuid} changed since generation "
            f"{expected} was read; re-read it and retry"
        )
    provider.generation = ResourceProvider.objects.values_list("generation", flat=True).get(pk=provider.pk)
    return provider.generation


def check(provider: ResourceProvider, expected) -> None:
    """Refuse a request made against an older view of the provider."""
    if expected != provider.generation:
        raise exceptions.ConcurrentUpdate(
            f"resource provider generation conflict: expected {expected}, the provider {provider.uuid} is at "
            f"{provider.generation}"
        )
