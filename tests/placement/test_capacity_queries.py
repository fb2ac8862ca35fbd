"""The capacity rule's SQL (placement/queries/capacity.py), on whichever database the run uses."""
import pytest
from django.db import transaction

from placement.models import ResourceClass
from placement.queries import capacity
from tests.placement.factories import add_inventory, allocate, make_provider

pytestmark = pytest.mark.django_db


def _rc(name):
    return ResourceClass.objects.get(name=name).id


def test_capacity_is_total_minus_reserved_times_the_allocation_ratio():
    provider = make_provider()
    add_inventory(provider, "VCPU", total=10, reserved=2, allocation_ratio=1.5)

    row = capacity.capacities([provider.id])[(provider.id, _rc("VCPU"))]

    assert row.capacity == 12.0
    assert (row.total, row.reserved, row.allocation_ratio) == (10, 2, 1.5)


def test_usage_is_the_sum_of_every_consumers_allocations_of_the_class():
    provider = make_provider()
    add_inventory(provider, "VCPU", total=16)
    add_inventory(provider, "MEMORY_MB", total=4096)
    allocate(provider, {"VCPU": 2, "MEMORY_MB": 512})
    allocate(provider, {"VCPU": 3})

    rows = capacity.capacities([provider.id])

    assert rows[(provider.id, _rc("VCPU"))].used == 5
    assert rows[(provider.id, _rc("MEMORY_MB"))].used == 512
    assert isinstance(rows[(provider.id, _rc("VCPU"))].used, int)


def test_an_inventory_nobody_allocated_from_has_usage_zero():
    provider = make_provider()
    add_inventory(provider, "DISK_GB", total=100)

    assert capacity.capacities([provider.id])[(provider.id, _rc("DISK_GB"))].used == 0


def test_one_query_answers_for_several_providers_and_leaves_out_others():
    first, second, other = make_provider(), make_provider(), make_provider()
    add_inventory(first, "VCPU", total=4)
    add_inventory(second, "VCPU", total=8)
    add_inventory(other, "VCPU", total=2)
    allocate(other, {"VCPU": 2})

    rows = capacity.capacities([first.id, second.id])

    assert set(rows) == {(first.id, _rc("VCPU")), (second.id, _rc("VCPU"))}
    assert [row.used for row in rows.values()] == [0, 0]


def test_no_providers_means_no_query_and_no_rows():
    assert capacity.capacities([]) == {}


def test_an_amount_fits_exactly_up_to_the_capacity_and_not_one_more():
    provider = make_provider()
    add_inventory(provider, "VCPU", total=8, allocation_ratio=1.0)
    allocate(provider, {"VCPU": 6})
    row = capacity.capacities([provider.id])[(provider.id, _rc("VCPU"))]

    assert not row.exceeded_by(2)
    assert row.exceeded_by(3)
    assert not row.over_capacity


def test_min_unit_max_unit_and_step_size_bound_each_allocation():
    provider = make_provider()
    add_inventory(provider, "MEMORY_MB", total=4096, min_unit=256, max_unit=2048, step_size=256)
    row = capacity.capacities([provider.id])[(provider.id, _rc("MEMORY_MB"))]

    assert not row.violates_constraints(512)
    assert row.violates_constraints(128)
    assert row.violates_constraints(2304)
    assert row.violates_constraints(300)


def test_providers_are_locked_and_returned_in_id_order_by_id_or_uuid():
    first, second, third = make_provider(), make_provider(), make_provider()

    with transaction.atomic():
        rows = capacity.lock_providers(ids=[third.id], uuids=[first.uuid, second.uuid])

    assert [row.id for row in rows] == [first.id, second.id, third.id]
    assert capacity.lock_providers() == []
