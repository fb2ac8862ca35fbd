"""Claims stay exact when many requests race, each on its own database connection.

These tests use real transactions (transactional_db): every thread opens its own connection, so on
PostgreSQL the row locks and on SQLite the IMMEDIATE transactions are what keep the numbers right.
"""
import threading
import uuid

import pytest
from django.db import connection

from placement.models import Allocation, Consumer, ResourceProvider
from tests.conftest import PlacementClient
from tests.placement.factories import add_inventory, make_provider

pytestmark = pytest.mark.django_db(transaction=True)


def _race(count, action):
    """Run `action(index)` in `count` threads released together; return their results in index order."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = action(index)
        except Exception as exc:  # a crash must fail the test, not vanish with the thread
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _claim(provider, consumer_uuid, resources):
    client = PlacementClient(token="admin", version="1.39")
    body = {
        "allocations": {str(provider.uuid): {"resources": resources}},
        "project_id": "project-a", "user_id": "user-a", "consumer_generation": None, "consumer_type": "INSTANCE",
    }
    response = client.put(f"/allocations/{consumer_uuid}", body)
    return response.status_code, (response.json() if response.status_code != 204 else None)


def _used(provider, name="VCPU"):
    return sum(Allocation.objects.filter(provider=provider, resource_class__name=name).values_list("used", flat=True))


def test_sixteen_concurrent_claims_of_16_vcpu_on_128_give_exactly_eight_successes(placement_urls):
    # Given a provider with 128 VCPU at ratio 1.0
    provider = make_provider()
    add_inventory(provider, "VCPU", total=128, max_unit=128, allocation_ratio=1.0)

    # When 16 new consumers claim 16 VCPU each at the same moment
    results = _race(16, lambda index: _claim(provider, uuid.uuid4(), {"VCPU": 16}))

    # Then exactly 8 succeed, 8 are refused for capacity, and the provider holds exactly 128
    statuses = sorted(status for status, _ in results)
    assert statuses == [204] * 8 + [409] * 8, results
    refusals = [body["errors"][0] for status, body in results if status == 409]
    assert all("would exceed the capacity" in error["detail"] for error in refusals)
    assert all(error["code"] == "placement.undefined_code" for error in refusals)
    assert _used(provider) == 128
    assert Consumer.objects.count() == 8
    assert ResourceProvider.objects.get(pk=provider.pk).generation == 8


def test_racing_claims_of_odd_sizes_never_take_the_provider_over_capacity(placement_urls):
    # Given 100 VCPU, reserved 10, overcommitted 1.5 times: room for 135
    provider = make_provider()
    add_inventory(provider, "VCPU", total=100, reserved=10, max_unit=100, allocation_ratio=1.5)

    # When twelve consumers race for 7, 11, 13, ... VCPU
    sizes = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]
    results = _race(len(sizes), lambda index: _claim(provider, uuid.uuid4(), {"VCPU": sizes[index]}))

    # Then what was granted is exactly what is recorded, and it fits
    granted = sum(size for size, (status, _) in zip(sizes, results, strict=True) if status == 204)
    assert {status for status, _ in results} <= {204, 409}, results
    assert granted == _used(provider) <= 135
    # and no refused claim would have fitted on top of what was granted
    refused = [size for size, (status, _) in zip(sizes, results, strict=True) if status == 409]
    assert all(granted + size > 135 for size in refused)


def test_two_requests_creating_the_same_consumer_leave_exactly_one_winner(placement_urls):
    # Given a provider with plenty of room and one new consumer uuid
    provider = make_provider()
    add_inventory(provider, "VCPU", total=64)
    consumer_uuid = uuid.uuid4()

    # When two requests both claim it as new (consumer_generation null) at once
    results = _race(2, lambda index: _claim(provider, consumer_uuid, {"VCPU": index + 1}))

    # Then one wins and the other is told the consumer changed under it
    assert sorted(status for status, _ in results) == [204, 409], results
    loser = next(body for status, body in results if status == 409)
    assert loser["errors"][0]["code"] == "placement.concurrent_update"
    consumer = Consumer.objects.get(uuid=consumer_uuid)
    assert consumer.generation == 1
    assert Allocation.objects.filter(consumer=consumer).count() == 1


def test_claims_racing_an_inventory_change_never_end_over_capacity(placement_urls):
    # Given 64 VCPU, and an operator shrinking it to 32 while eight consumers claim 8 each
    provider = make_provider()
    add_inventory(provider, "VCPU", total=64, max_unit=64)

    def act(index):
        if index == 0:
            client = PlacementClient(token="admin", version="1.39")
            generation = ResourceProvider.objects.get(pk=provider.pk).generation
            body = {"resource_provider_generation": generation, "total": 32, "max_unit": 64}
            return client.put(f"/resource_providers/{provider.uuid}/inventories/VCPU", body).status_code, None
        return _claim(provider, uuid.uuid4(), {"VCPU": 8})

    results = _race(9, act)

    # Then whatever the interleaving, usage fits the inventory that was left
    assert {status for status, _ in results} <= {200, 204, 409}, results
    total = provider.inventories.get().total
    assert _used(provider) <= total
    assert _used(provider) == 8 * sum(1 for status, _ in results[1:] if status == 204)
