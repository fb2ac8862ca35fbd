"""Placement's shared pieces: standard names, generations, lookups."""
import os_resource_classes
import os_traits
import pytest

from placement import exceptions, generations, lookups
from placement.models import ResourceClass, ResourceProvider, Trait

pytestmark = pytest.mark.django_db


def test_every_standard_trait_and_resource_class_is_in_the_tables_after_migrate():
    assert set(os_traits.get_traits()) <= set(Trait.objects.values_list("name", flat=True))
    assert set(os_resource_classes.STANDARDS) <= set(ResourceClass.objects.values_list("name", flat=True))


def test_bumping_a_generation_increments_it():
    provider = ResourceProvider.objects.create(name="rp")
    assert generations.bump(provider) == 1
    assert generations.bump(provider, expected=1) == 2


def test_bumping_from_a_stale_generation_is_a_concurrent_update():
    provider = ResourceProvider.objects.create(name="rp")
    generations.bump(provider)
    with pytest.raises(exceptions.ConcurrentUpdate) as raised:
        generations.bump(provider, expected=0)
    assert raised.value.status_code == 409
    assert raised.value.placement_code == "placement.concurrent_update"


def test_an_unknown_or_malformed_provider_uuid_is_not_found():
    for value in ("5f1c0c2e-2d3a-4b1e-9d5f-000000000000", "not-a-uuid"):
        with pytest.raises(exceptions.NotFound):
            lookups.get_provider(value)


def test_unknown_resource_classes_are_named():
    with pytest.raises(exceptions.BadRequest) as raised:
        lookups.resource_class_ids(["VCPU", "CUSTOM_NOPE"])
    assert "CUSTOM_NOPE" in str(raised.value.detail)


def test_error_bodies_carry_a_code_only_from_1_23(placement_api):
    old = placement_api.get("/resource_providers/not-there", version="1.22").json()["errors"][0]
    new = placement_api.get("/resource_providers/not-there", version="1.23").json()["errors"][0]
    assert "code" not in old
    assert new["code"] == "placement.undefined_code"
