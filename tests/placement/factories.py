"""Plain factories for Placement rows, written through the ORM (no API round trip)."""
import uuid

from placement.models import Allocation, Consumer, Inventory, ResourceClass, ResourceProvider


def make_provider(name: str | None = None, parent: ResourceProvider | None = None, **fields) -> ResourceProvider:
    """A provider at generation 0; a root unless `parent` is given."""
    provider = ResourceProvider.objects.create(name=name or f"rp-{uuid.uuid4().hex[:8]}", parent=parent, **fields)
    provider.root = parent.root if parent else provider
    provider.save(update_fields=["root"])
    return provider


def add_inventory(provider: ResourceProvider, resource_class: str = "VCPU", total: int = 8, **fields) -> Inventory:
    fields.setdefault("max_unit", total)
    return Inventory.objects.create(
        provider=provider, resource_class=ResourceClass.objects.get(name=resource_class), total=total, **fields
    )


def allocate(provider: ResourceProvider, resources: dict, consumer_uuid=None, project_id="project-a",
             user_id="user-a", consumer_type=None) -> Consumer:
    """Give a consumer (created at generation 1 when new) allocations on `provider`, skipping every check."""
    consumer, _ = Consumer.objects.get_or_create(
        uuid=consumer_uuid or uuid.uuid4(),
        defaults={"project_id": project_id, "user_id": user_id, "consumer_type": consumer_type, "generation": 1},
    )
    for name, used in resources.items():
        Allocation.objects.create(
            provider=provider, consumer=consumer, resource_class=ResourceClass.objects.get(name=name), used=used
        )
    return consumer
