"""Flavor lists: Nova's filters, sort keys and marker pagination, in a constant number of queries."""
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from flavors.services.records import accessible_to, visible
from openstack_api.policy import is_admin

MAX_LIMIT = 1000  # Nova's [api] max_limit

# Nova's sort keys and the columns they sort by; nullable ones sort as their empty value on every database.
SORT_KEYS = {
    "created_at": F("created_at"),
    "description": Coalesce("description", Value("")),
    "disabled": F("disabled"),
    "ephemeral_gb": F("ephemeral_gb"),
    "flavorid": F("flavorid"),
    "id": F("id"),
    "is_public": F("is_public"),
    "memory_mb": F("memory_mb"),
    "name": F("name"),
    "root_gb": F("root_gb"),
    "rxtx_factor": F("rxtx_factor"),
    "swap": F("swap"),
    "updated_at": F("updated_at"),
    "vcpu_weight": Coalesce("vcpu_weight", Value(0)),
    "vcpus": F("vcpus"),
}


class MarkerNotFound(LookupError):
    pass


@dataclass(frozen=True)
class ListQuery:
    """What a list request asks for; `is_public` None means public and private alike (admins only)."""

    is_public: bool | None = True
    min_memory_mb: int | None = None
    min_root_gb: int | None = None
    sort_key: str = "flavorid"
    sort_dir: str = "asc"
    limit: int = MAX_LIMIT
    marker: str | None = None


def filtered(context, query: ListQuery) -> QuerySet:
    """Nova's list filters: admins choose public/private/all; others see accessible, enabled flavors."""
    queryset = visible(None)
    if not is_admin(context):
        queryset = queryset.filter(accessible_to(context.project_id), disabled=False)
    elif query.is_public is True:
        queryset = queryset.filter(accessible_to(context.project_id))
    elif query.is_public is False:
        queryset = queryset.filter(is_public=False)
    if query.min_memory_mb is not None:
        queryset = queryset.filter(memory_mb__gte=query.min_memory_mb)
    if query.min_root_gb is not None:
        queryset = queryset.filter(root_gb__gte=query.min_root_gb)
    return queryset


def flavor_page(context, query: ListQuery, *, with_extra_specs=False) -> list:
    """One page of flavors sorted by (sort_key, id) and starting after the marker flavor.

    Raises MarkerNotFound when the marker names no flavor the caller can see.
    """
    descending = query.sort_dir == "desc"
    queryset = filtered(context, query).alias(sort_value=SORT_KEYS[query.sort_key])
    if query.marker is not None:
        queryset = queryset.filter(_after(context, query.sort_key, query.marker, descending))
    order = ("-sort_value", "-id") if descending else ("sort_value", "id")
    queryset = queryset.order_by(*order)
    if with_extra_specs:
        queryset = queryset.prefetch_related("extra_specs")
    return list(queryset[: min(query.limit, MAX_LIMIT)])


def _after(context, sort_key: str, marker: str, descending: bool) -> Q:
    """Rows that follow the marker in (sort_key, id) order: keyset pagination, as oslo.db's paginate_query."""
    row = (visible(context).filter(flavorid=marker).annotate(sort_value=SORT_KEYS[sort_key])
           .values_list("sort_value", "id").first())
    if row is None:
        raise MarkerNotFound(marker)
    value, pk = row
    beyond = "lt" if descending else "gt"
    return Q(**{f"sort_value__{beyond}": value}) | Q(sort_value=value, **{f"id__{beyond}": pk})
