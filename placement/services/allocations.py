"""Claims: replacing consumers' allocations in one transaction that never overcommits a provider.

Every writer follows one order inside its transaction, so two writers never deadlock and a claim
always sees every committed claim of the providers it writes to:
1. lock the consumers' rows (by uuid; new consumers are inserted) and check consumer generations;
2. lock every provider the write touches, by id (`capacity.lock_providers`): the providers of the
   new allocations and those the consumers hold allocations on now (a plain write bumps their
   generations in that same statement);
3. delete the consumers' allocations, read capacity and usage in one aggregate
   (`capacity.for_classes`), check each new allocation against the rule, insert them;
4. bump the generation of every touched provider not bumped yet, and of each existing consumer
   (compare-and-swap);
5. delete the consumers left without allocations.
"""
import logging
import uuid as uuid_module
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from placement import exceptions
from placement.models import Allocation, Consumer, ResourceProvider
from placement.queries import capacity, claims

logger = logging.getLogger(__name__)

# Before 1.8 a consumer's project and user were not asked for; upstream records these instead.
INCOMPLETE_CONSUMER_ID = "00000000-0000-0000-0000-000000000000"
CONCURRENT_WRITE = ("Inventory and/or allocations changed while attempting to allocate: "
                    "Another thread concurrently updated the data. Please retry your update")
# PostgreSQL's deadlock_detected and serialization_failure: another writer won the race.
_RACE_SQLSTATES = {"40P01", "40001"}


@dataclass(frozen=True)
class ConsumerAllocations:
    """What one consumer should hold once the write is done ({} means nothing)."""

    uuid: uuid_module.UUID
    allocations: dict  # provider uuid (text) -> {resource class name: amount}
    project_id: str = INCOMPLETE_CONSUMER_ID
    user_id: str = INCOMPLETE_CONSUMER_ID
    generation: int | None = None
    check_generation: bool = False  # from 1.28 the caller states the generation it expects
    consumer_type: str | None = None  # None keeps the stored type (requests before 1.38)


@contextmanager
def races_as_conflicts():
    """Turn a lost race (duplicate consumer, deadlock victim) into Placement's 409 concurrent_update."""
    try:
        yield
    except IntegrityError as exc:
        raise exceptions.ConcurrentUpdate(CONCURRENT_WRITE) from exc
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) in _RACE_SQLSTATES:
            raise exceptions.ConcurrentUpdate(CONCURRENT_WRITE) from exc
        raise


def replace(requests: list[ConsumerAllocations]) -> None:
    """Give every consumer exactly the allocations requested, all or nothing."""
    with races_as_conflicts(), transaction.atomic():
        write = AllocationWrite(requests)
        write.claim_consumers()
        write.lock_providers(bump=True)
        write.apply()


class AllocationWrite:
    """One all-or-nothing replacement of several consumers' allocations, in the steps above.

    The reshaper runs the steps itself, to change inventories between locking and applying.
    """

    def __init__(self, requests: list[ConsumerAllocations]):
        self.requests = sorted(requests, key=lambda request: request.uuid)
        self.consumers: dict[uuid_module.UUID, Consumer] = {}
        self.providers: dict[str, ResourceProvider] = {}
        self.previous_provider_ids: set[int] = set()
        self.existing: list[Consumer] = []
        self.bumped: set[int] = set()

    def claim_consumers(self) -> None:
        """Step 1: create or lock each consumer, in uuid order; a 409 when a stated generation is not the stored one.

        A new consumer is written with the generation it ends the write with: it has nothing to advance.
        """
        for request in self.requests:
            new_id = claims.insert_consumer(request.uuid, request.project_id, request.user_id,
                                            request.consumer_type, generation=1)
            if new_id is not None:
                consumer = Consumer(id=new_id, uuid=request.uuid, project_id=request.project_id,
                                    user_id=request.user_id, consumer_type=request.consumer_type, generation=1)
            else:
                consumer = Consumer.objects.select_for_update().filter(uuid=request.uuid).first()
                if consumer is None:  # deleted by another writer between our insert and our lock
                    raise exceptions.ConcurrentUpdate(CONCURRENT_WRITE)
                self.existing.append(consumer)
            if request.check_generation:
                _check_generation(request, None if new_id is not None else consumer)
            self.consumers[request.uuid] = consumer
        # A new consumer holds nothing yet: the scheduler's claims skip this statement.
        if self.existing:
            self.previous_provider_ids = set(
                Allocation.objects.filter(consumer__in=self.existing).values_list("provider_id", flat=True)
            )

    def lock_providers(self, extra_uuids=(), bump: bool = False) -> dict[str, ResourceProvider]:
        """Step 2: lock the touched providers (plus `extra_uuids`); a 400 for one that does not exist.

        With `bump` the generations move on in the locking statement itself (step 4 done early).
        """
        wanted = {key for request in self.requests for key in request.allocations}
        parsed = {key: _provider_key(key) for key in wanted}
        rows = capacity.lock_providers(ids=self.previous_provider_ids,
                                       uuids=[*parsed.values(), *extra_uuids], bump=bump)
        if bump:
            self.bumped = {row.id for row in rows}
        by_uuid = {row.uuid: row for row in rows}
        for key in sorted(wanted):
            if by_uuid.get(parsed[key]) is None:
                raise exceptions.BadRequest(f"Allocation for resource provider '{key}' that does not exist.")
            self.providers[key] = by_uuid[parsed[key]]
        return {str(row.uuid): row for row in rows}

    def apply(self) -> set[int]:
        """Steps 3 to 5; returns the ids of the providers whose generation was bumped."""
        if self.existing:
            Allocation.objects.filter(consumer__in=self.existing).delete()
        claims.insert_allocations(self._checked_allocations())
        touched = self.previous_provider_ids | {provider.id for provider in self.providers.values()}
        bump_providers(touched - self.bumped)
        self._advance_consumers()
        emptied = [self.consumers[r.uuid].pk for r in self.requests if not any(r.allocations.values())]
        if emptied:
            Consumer.objects.filter(pk__in=emptied, allocations__isnull=True).delete()
        return touched

    def _checked_allocations(self) -> list[tuple[int, int, int, int]]:
        """The new rows, once each passed the capacity rule against usage read under the locks."""
        names = {name for r in self.requests for resources in r.allocations.values() for name in resources}
        classes, rows = capacity.for_classes([provider.id for provider in self.providers.values()], names)
        for request in self.requests:
            for resources in request.allocations.values():
                unknown = sorted(set(resources) - set(classes))
                if unknown:
                    raise exceptions.BadRequest(f"Unable to allocate inventory for consumer {request.uuid}: "
                                                f"No such resource class {unknown[0]}.")
        claimed = defaultdict(int)
        result = []
        for request in self.requests:
            for key, resources in sorted(request.allocations.items()):
                provider = self.providers[key]
                for name, amount in sorted(resources.items()):
                    slot = (provider.id, classes[name])
                    claimed[slot] += amount
                    _check_fits(rows.get(slot), amount, claimed[slot], name, provider)
                    result.append((provider.id, self.consumers[request.uuid].pk, classes[name], amount))
        return result

    def _advance_consumers(self) -> None:
        now = timezone.now()
        existing = {consumer.uuid for consumer in self.existing}
        for request in self.requests:
            if request.uuid not in existing:
                continue
            consumer = self.consumers[request.uuid]
            fields = {"generation": F("generation") + 1, "project_id": request.project_id,
                      "user_id": request.user_id, "updated_at": now}
            if request.consumer_type is not None:
                fields["consumer_type"] = request.consumer_type
            if not Consumer.objects.filter(pk=consumer.pk, generation=consumer.generation).update(**fields):
                raise exceptions.ConcurrentUpdate(CONCURRENT_WRITE)


def _check_generation(request: ConsumerAllocations, consumer: Consumer | None) -> None:
    if consumer is None and request.generation is not None:
        raise exceptions.ConcurrentUpdate(f"consumer generation conflict - expected null but got {request.generation}")
    if consumer is not None and consumer.generation != request.generation:
        raise exceptions.ConcurrentUpdate(
            f"consumer generation conflict - expected {consumer.generation} but got {request.generation}"
        )


def _check_fits(row: capacity.Capacity | None, amount: int, claimed: int, name: str, provider) -> None:
    """A 409 (upstream's words) unless `amount` may be allocated and `claimed` in all still fits."""
    where = f"'{name}' on resource provider '{provider.uuid}'"
    if row is None:
        raise exceptions.Conflict(f"Unable to allocate inventory: Inventory for {where} invalid.")
    if row.violates_constraints(amount):
        logger.warning("allocation of %s %s on %s violates min_unit %s, max_unit %s or step_size %s",
                       amount, name, provider.uuid, row.min_unit, row.max_unit, row.step_size)
        raise exceptions.Conflict(f"Unable to allocate inventory: Unable to create allocation for {where}. "
                                  f"The requested amount would violate inventory constraints.")
    if row.exceeded_by(claimed):
        logger.warning("over capacity for %s on %s: needed %s, used %s, capacity %s",
                       name, provider.uuid, claimed, row.used, row.capacity)
        raise exceptions.Conflict(f"Unable to allocate inventory: Unable to create allocation for {where}. "
                                  f"The requested amount would exceed the capacity.")


def _provider_key(text: str):
    try:
        return uuid_module.UUID(text)
    except ValueError:
        raise exceptions.BadRequest(f"Allocation for resource provider '{text}' that does not exist.") from None


def bump_providers(ids) -> None:
    """Every change to a provider's inventories or allocations moves its generation on."""
    if ids:
        ResourceProvider.objects.filter(id__in=list(ids)).update(generation=F("generation") + 1,
                                                                 updated_at=timezone.now())


def delete(consumer_uuid: str) -> None:
    """DELETE /allocations/{consumer_uuid}: drop the consumer and everything it holds."""
    try:
        key = uuid_module.UUID(consumer_uuid)
    except ValueError:
        key = None
    with races_as_conflicts(), transaction.atomic():
        consumer = Consumer.objects.select_for_update().filter(uuid=key).first() if key else None
        provider_ids = set(consumer.allocations.values_list("provider_id", flat=True)) if consumer else set()
        if not provider_ids:
            raise exceptions.NotFound(f"No allocations for consumer '{consumer_uuid}'")
        capacity.lock_providers(ids=provider_ids)
        consumer.allocations.all().delete()
        bump_providers(provider_ids)
        consumer.delete()


def of_consumer(consumer_uuid: str) -> tuple[Consumer | None, list[Allocation]]:
    """The consumer (None when it holds nothing) and its allocations, providers and classes joined."""
    try:
        key = uuid_module.UUID(consumer_uuid)
    except ValueError:
        return None, []
    allocations = list(Allocation.objects.filter(consumer__uuid=key)
                       .select_related("consumer", "provider", "resource_class").order_by("id"))
    return (allocations[0].consumer if allocations else None), allocations


def of_provider(provider) -> list[Allocation]:
    return list(provider.allocations.select_related("consumer", "resource_class").order_by("id"))
