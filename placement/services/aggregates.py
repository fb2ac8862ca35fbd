"""The aggregates a provider belongs to: opaque uuids Placement stores without checking them."""
import uuid

from django.db import transaction

from placement import generations, lookups
from placement.models import ProviderAggregate, ResourceProvider
from placement.queries import provider_rows


def of_provider(provider: ResourceProvider) -> list[str]:
    """The provider's aggregate uuids, in the order they were associated."""
    links = ProviderAggregate.objects.filter(provider=provider).order_by("id")
    return [str(value) for value in links.values_list("aggregate_uuid", flat=True)]


@transaction.atomic
def replace(provider_uuid, aggregate_uuids, expected_generation: int | None = None) -> ResourceProvider:
    """Make the provider a member of exactly these aggregates.

    With `expected_generation` (1.19) the request must have seen the current generation, and the
    generation moves even when the set is unchanged; without it the generation is left alone.
    """
    if expected_generation is None:
        provider = lookups.get_provider(provider_uuid, for_update=True)
    else:
        provider = generations.advance(provider_uuid, expected_generation)
    wanted = list(dict.fromkeys(uuid.UUID(str(value)) for value in aggregate_uuids))  # in request order
    current = provider_rows.aggregates_of(provider.id)
    provider_rows.unlink("pa", "aggregate_uuid", provider.id, current - set(wanted))
    provider_rows.link("pa", "aggregate_uuid", provider.id, [value for value in wanted if value not in current])
    return provider
