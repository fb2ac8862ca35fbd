"""Traits: the catalogue (standard names from os-traits, CUSTOM_ ones from operators) and the set
each provider has, replaced as a whole under the provider's generation."""
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from placement import exceptions, generations, lookups
from placement.models import ProviderTrait, ResourceProvider, Trait
from placement.queries import provider_rows
from placement.standards import is_custom


def catalogue(names=None, prefix=None, associated=None):
    """Traits by name, narrowed to `names`, to a name `prefix`, or to those (not) on any provider."""
    queryset = Trait.objects.order_by("name")
    if names is not None:
        queryset = queryset.filter(name__in=names)
    if prefix is not None:
        queryset = queryset.filter(name__startswith=prefix)
    if associated is not None:
        on_providers = ProviderTrait.objects.values("trait_id")
        queryset = queryset.filter(pk__in=on_providers) if associated else queryset.exclude(pk__in=on_providers)
    return queryset


def get(name: str) -> Trait:
    trait = Trait.objects.filter(name=name).first()
    if trait is None:
        raise exceptions.NotFound(f"No such trait(s): {name}.")
    return trait


def ensure(name: str) -> tuple[Trait, bool]:
    """The custom trait `name`, created unless it exists; True when this call created it."""
    trait = Trait.objects.filter(name=name).first()
    if trait is not None:
        return trait, False
    try:
        with transaction.atomic():
            return Trait.objects.create(name=name), True
    except IntegrityError:  # created concurrently
        return Trait.objects.get(name=name), False


@transaction.atomic
def delete(name: str) -> None:
    """Delete a custom trait no provider has; standard traits stay."""
    trait = get(name)
    if not is_custom(trait.name):
        raise exceptions.BadRequest(f"Cannot delete standard trait {name}.")
    in_use = exceptions.Conflict(f"The trait {name} is in use by a resource provider.")
    if ProviderTrait.objects.filter(trait=trait).exists():
        raise in_use
    try:
        with transaction.atomic():
            trait.delete()
    except (IntegrityError, ProtectedError):
        raise in_use from None


def of_provider(provider: ResourceProvider):
    return Trait.objects.filter(provider_links__provider=provider).order_by("name")


@transaction.atomic
def replace(provider_uuid, names, expected_generation: int) -> tuple[list[Trait], ResourceProvider]:
    """Give the provider exactly the named traits; the generation moves only if the set changed."""
    provider = lookups.get_provider(provider_uuid, for_update=True)
    generations.check(provider, expected_generation)
    rows = provider_rows.traits_for_replace(provider.id, names)
    traits = [Trait(id=pk, name=name, updated_at=updated_at) for pk, name, updated_at, _ in rows if name in names]
    missing = sorted(set(names) - {trait.name for trait in traits})
    if missing:
        raise exceptions.BadRequest(f"No such trait {', '.join(missing)}")
    _set(provider, {trait.pk for trait in traits}, current={pk for pk, _, _, linked in rows if linked})
    return traits, provider


def clear(provider_uuid) -> None:
    """Take every trait off the provider."""
    with transaction.atomic():
        _set(lookups.get_provider(provider_uuid, for_update=True), set())


def _set(provider: ResourceProvider, wanted: set[int], current: set[int] | None = None) -> None:
    if current is None:
        current = set(ProviderTrait.objects.filter(provider=provider).values_list("trait_id", flat=True))
    if current == wanted:
        return
    provider_rows.unlink("pt", "trait_id", provider.id, current - wanted)
    provider_rows.link("pt", "trait_id", provider.id, wanted - current)
    generations.bump(provider, expected=provider.generation)
