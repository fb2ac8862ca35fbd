"""provider_summaries of GET /allocation_candidates: capacity, usage, traits and tree of each provider."""
from collections import defaultdict

from django.db.models import Sum

from placement.models import Allocation, Inventory, ProviderTrait, ResourceProvider


def summarised_providers(requests, roots, version) -> set[int]:
    """From 1.29 every provider of the trees involved; before, those in the allocation requests."""
    involved = {provider for request in requests for provider in request.allocations}
    if version >= "1.29":
        involved |= set(ResourceProvider.objects.filter(root_id__in=set(roots)).values_list("id", flat=True))
    return involved


def _usage(provider_ids):
    usage = Allocation.objects.filter(provider_id__in=provider_ids).values("provider_id", "resource_class_id")
    return {(row["provider_id"], row["resource_class_id"]): row["used"] for row in usage.annotate(used=Sum("used"))}


def summaries(provider_ids, version, requested_rc_ids, rc_names) -> dict[int, dict]:
    """Summary of each provider keyed by id, shaped for the microversion (1.17 traits, 1.27 all classes, 1.29 tree)."""
    used = _usage(provider_ids)
    result = defaultdict(lambda: {"resources": {}})
    for inv in Inventory.objects.filter(provider_id__in=provider_ids).values(
            "provider_id", "resource_class_id", "total", "reserved", "allocation_ratio"):
        if version < "1.27" and inv["resource_class_id"] not in requested_rc_ids:
            continue
        result[inv["provider_id"]]["resources"][rc_names[inv["resource_class_id"]]] = {
            "capacity": int((inv["total"] - inv["reserved"]) * inv["allocation_ratio"]),
            "used": used.get((inv["provider_id"], inv["resource_class_id"]), 0),
        }
    if version >= "1.17":
        traits = defaultdict(list)
        for provider, name in ProviderTrait.objects.filter(provider_id__in=provider_ids).values_list(
                "provider_id", "trait__name"):
            traits[provider].append(name)
        for provider in provider_ids:
            result[provider]["traits"] = sorted(traits[provider])
    if version >= "1.29":
        for provider, parent, root in ResourceProvider.objects.filter(id__in=provider_ids).values_list(
                "id", "parent__uuid", "root__uuid"):
            result[provider]["parent_provider_uuid"] = str(parent) if parent else None
            result[provider]["root_provider_uuid"] = str(root)
    return {provider: result[provider] for provider in provider_ids}
