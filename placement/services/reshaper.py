"""POST /reshaper: move inventory between providers together with the allocations made from it.

One transaction, in the claim order of `services.allocations` (consumers, then providers by id):
1. every named provider gets its new inventories, keeping for now the ones it is losing, so the
   moved allocations have somewhere to land and none has to be dropped first;
2. the consumers' allocations are replaced, each checked against the new inventories;
3. the inventories the providers lose are removed (refused while still allocated from) and every
   new inventory is checked to hold what is allocated from it.
Each provider involved moves its generation on once.
"""
from django.db import transaction

from placement import exceptions
from placement.lookups import parse_uuid
from placement.models import ResourceProvider
from placement.services import allocations, inventories

UPDATE_CONFLICT = "update conflict: "


def _provider_or_400(uuid_text: str) -> ResourceProvider:
    provider = ResourceProvider.objects.filter(uuid=parse_uuid(uuid_text)).first()
    if provider is None:
        raise exceptions.BadRequest(
            f"Resource provider {uuid_text} in inventories not found: No resource provider with uuid {uuid_text} found",
            code=exceptions.PROVIDER_NOT_FOUND,
        )
    return provider


def _check_generation(provider, expected) -> None:
    if provider.generation != expected:
        raise exceptions.ConcurrentUpdate(
            f"resource provider generation conflict for provider {provider.uuid}: "
            f"actual: {provider.generation}, given: {expected}"
        )


def reshape(wanted: dict, requests: list[allocations.ConsumerAllocations]) -> None:
    """`wanted`: provider uuid -> {resource_provider_generation, inventories}; `requests`: allocations."""
    plans = {}
    for uuid_text, body in wanted.items():
        provider = _provider_or_400(uuid_text)
        _check_generation(provider, body["resource_provider_generation"])
        plans[uuid_text] = (body["resource_provider_generation"], _resolved(provider, body["inventories"]))
    with allocations.races_as_conflicts(), transaction.atomic():
        write = allocations.AllocationWrite(requests)
        write.claim_consumers()
        locked = write.lock_providers(extra_uuids=[parse_uuid(key) for key in plans])
        targets = {}
        for uuid_text, (generation, values) in plans.items():
            provider = locked.get(str(parse_uuid(uuid_text))) or _provider_or_400(uuid_text)
            _check_generation(provider, generation)  # again, now that nobody else can change it
            targets[provider] = values
        for provider, values in targets.items():
            inventories.upsert(provider, values)
        touched = write.apply()
        for provider, values in targets.items():
            _settle(provider, values)
        allocations.bump_providers({provider.id for provider in targets} - touched)


def _resolved(provider, bodies: dict) -> dict:
    """The provider's new inventories keyed by class id, checked as PUT .../inventories checks them."""
    values = inventories.checked(provider, bodies, "update", reserved_may_equal_total=True)
    ids = inventories.class_ids(values, "malformed reshaper data: ")
    return {ids[name]: item for name, item in values.items()}


def _settle(provider, values: dict) -> None:
    """Step 3 for one provider: drop what it no longer has, and check what it has holds its usage."""
    current = set(provider.inventories.values_list("resource_class_id", flat=True))
    inventories.remove(provider, current - set(values),
                       lambda names: inventories.in_use(provider, names, UPDATE_CONFLICT))
    inventories.check_capacity(provider, values)

