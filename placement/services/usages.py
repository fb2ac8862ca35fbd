"""What is used: of one provider's inventories, and in total by a project (or one of its users)."""
from collections import defaultdict

from django.db.models import Count, Sum

from placement.models import Allocation, ResourceClass
from placement.queries import capacity

# A consumer written before 1.38 has no type; the API calls it this.
UNKNOWN = "unknown"
# GET /usages?consumer_type=all adds every consumer up under this key.
ALL = "all"


def inventories_of(provider_ids) -> dict[int, list[tuple[str, capacity.Capacity]]]:
    """Every inventory of the providers with its capacity and usage, by provider id, classes by name.

    Two queries however many providers (the capacity rule's, and the class names): the dashboard's
    provider list asks this once for its page.
    """
    rows = capacity.capacities(provider_ids).values()
    names = dict(ResourceClass.objects.filter(id__in={row.resource_class_id for row in rows}).values_list("id", "name"))
    found = defaultdict(list)
    for row in rows:
        found[row.provider_id].append((names[row.resource_class_id], row))
    return {provider_id: sorted(inventories, key=lambda pair: pair[0]) for provider_id, inventories in found.items()}


def of_provider(provider) -> dict[str, int]:
    """Usage of every class the provider has inventory of (0 when nothing is allocated)."""
    return {name: row.used for name, row in inventories_of([provider.id]).get(provider.id, [])}


def _allocations(project_id: str, user_id: str | None):
    allocations = Allocation.objects.filter(consumer__project_id=project_id)
    return allocations.filter(consumer__user_id=user_id) if user_id else allocations


def totals(project_id: str, user_id: str | None = None) -> dict[str, int]:
    """GET /usages before 1.38: the sum per resource class."""
    rows = _allocations(project_id, user_id).values("resource_class__name").annotate(total=Sum("used"))
    return {row["resource_class__name"]: int(row["total"]) for row in rows}


def totals_by_consumer_type(project_id: str, user_id: str | None = None, consumer_type: str | None = None) -> dict:
    """GET /usages from 1.38: sums per consumer type, each with its number of distinct consumers.

    `all` puts every consumer under one key `all`; `unknown` selects consumers without a type; any
    other name selects that type; none gives every type, untyped consumers under `unknown`.
    """
    allocations = _allocations(project_id, user_id)
    if consumer_type == UNKNOWN:
        allocations = allocations.filter(consumer__consumer_type__isnull=True)
    elif consumer_type and consumer_type != ALL:
        allocations = allocations.filter(consumer__consumer_type=consumer_type)

    def label(row) -> str:
        return ALL if consumer_type == ALL else (row["consumer__consumer_type"] or UNKNOWN)

    # Each consumer has one type, so distinct consumers per type add up to distinct consumers in all.
    result = defaultdict(lambda: defaultdict(int))
    by_type = allocations.values("consumer__consumer_type")
    for row in by_type.annotate(consumers=Count("consumer", distinct=True)):
        result[label(row)]["consumer_count"] += row["consumers"]
    for row in by_type.values("consumer__consumer_type", "resource_class__name").annotate(total=Sum("used")):
        result[label(row)][row["resource_class__name"]] += int(row["total"])
    return {key: dict(usage) for key, usage in result.items()}
