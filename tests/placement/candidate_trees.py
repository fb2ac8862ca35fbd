"""Plain builders of provider trees for the allocation-candidate tests (straight to the tables)."""
import uuid

from placement.models import (
    Allocation,
    Consumer,
    Inventory,
    ProviderAggregate,
    ProviderTrait,
    ResourceClass,
    ResourceProvider,
    Trait,
)


def provider(name, parent=None, inventory=None, traits=(), aggregates=()):
    """A provider with `inventory` {class: total or {field: value}}, traits and aggregates."""
    rp = ResourceProvider.objects.create(name=name, parent=parent, root=parent.root if parent else None)
    if parent is None:
        rp.root = rp
        rp.save(update_fields=["root"])
    for class_name, spec in (inventory or {}).items():
        spec = {"total": spec} if isinstance(spec, int) else spec
        spec.setdefault("max_unit", spec["total"])
        Inventory.objects.create(provider=rp, resource_class=ResourceClass.objects.get(name=class_name), **spec)
    for trait in traits:
        ProviderTrait.objects.create(provider=rp, trait=Trait.objects.get_or_create(name=trait)[0])
    for aggregate in aggregates:
        ProviderAggregate.objects.create(provider=rp, aggregate_uuid=aggregate)
    return rp


def allocate(rp, class_name, used, consumer=None):
    consumer = consumer or Consumer.objects.create(uuid=uuid.uuid4(), project_id="p", user_id="u")
    Allocation.objects.create(provider=rp, consumer=consumer, resource_class=ResourceClass.objects.get(name=class_name),
                              used=used)
    return consumer
