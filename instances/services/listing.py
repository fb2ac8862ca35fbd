"""Server lists: Nova's filters, sort keys and marker pagination, in a constant number of queries.

Pagination is keyset (oslo.db's paginate_query): rows after the marker in the (sort keys..., id)
order. Nullable columns sort as their empty value so the comparison also holds on NULLs.
"""
import datetime
from dataclasses import dataclass, field

from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from instances.models import Instance, InstanceTag
from instances.services.records import with_details
from openstack_api.validation import as_uuid

MAX_LIMIT = 1000  # Nova's [api] max_limit
_EPOCH = Value(datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC), output_field=DateTimeField())


def _text(column):
    return Coalesce(column, Value(""))


SORT_KEYS = {
    "availability_zone": _text("availability_zone"), "created_at": F("created_at"),
    "display_description": _text("description"), "display_name": F("display_name"), "host": _text("host"),
    "hostname": F("hostname"), "image_ref": F("image_ref"), "key_name": _text("key_name"),
    "launch_index": F("launch_index"), "launched_at": Coalesce("launched_at", _EPOCH),
    "locked_by": F("locked"), "node": _text("node"), "power_state": F("power_state"),
    "project_id": F("project_id"), "task_state": _text("task_state"),
    "terminated_at": Coalesce("terminated_at", _EPOCH), "updated_at": F("updated_at"), "user_id": F("user_id"),
    "uuid": F("uuid"), "vm_state": F("vm_state"), "id": F("id"),
}
# Keys Nova accepts but ignores (SERVER_LIST_IGNORE_SORT_KEY), plus those naming columns we do not keep.
IGNORED_SORT_KEYS = (
    "architecture", "cell_name", "cleaned", "default_ephemeral_device", "default_swap_device", "deleted",
    "deleted_at", "disable_terminate", "ephemeral_gb", "ephemeral_key_uuid", "key_data", "launched_on",
    "locked", "memory_mb", "os_type", "reservation_id", "root_gb", "shutdown_terminate", "user_data", "vcpus",
    "vm_mode", "access_ip_v4", "access_ip_v6", "auto_disk_config", "config_drive", "instance_type_id",
    "kernel_id", "progress", "ramdisk_id", "root_device_name",
)
ADMIN_SORT_KEYS = ("host", "node")


class MarkerNotFound(LookupError):
    pass


@dataclass(frozen=True)
class ListQuery:
    """A list request after the API applied policy: None means "no filter"."""

    project_id: str | None = None  # None: every project (all_tenants)
    deleted: bool | None = False  # None: deleted and not (changes-since/before without `deleted`)
    soft_deleted: bool = False
    exact: dict = field(default_factory=dict)  # column -> value or list of values
    name_regex: str | None = None
    flavorid: str | None = None
    changes_since: datetime.datetime | None = None
    changes_before: datetime.datetime | None = None
    tags: tuple[str, ...] = ()
    tags_any: tuple[str, ...] = ()
    not_tags: tuple[str, ...] = ()
    not_tags_any: tuple[str, ...] = ()
    sort: tuple[tuple[str, str], ...] = (("created_at", "desc"),)
    limit: int = MAX_LIMIT
    marker: str | None = None


def _scope(query: ListQuery) -> QuerySet:
    queryset = Instance.objects.all()
    if query.project_id is not None:
        queryset = queryset.filter(project_id=query.project_id)
    if query.deleted is True:
        queryset = queryset.filter(deleted_at__isnull=False)
    elif query.deleted is False:
        queryset = queryset.filter(deleted_at__isnull=True)
        if not query.soft_deleted:
            queryset = queryset.exclude(vm_state="soft-delete")
    return queryset


def _has_tag(tags) -> Exists:
    return Exists(InstanceTag.objects.filter(instance=OuterRef("pk"), tag__in=list(tags)))


def filtered(query: ListQuery) -> QuerySet:
    queryset = _scope(query)
    for column, value in query.exact.items():
        lookup = f"{column}__in" if isinstance(value, (list, tuple, set)) else column
        queryset = queryset.filter(**{lookup: list(value) if lookup.endswith("__in") else value})
    if query.name_regex:
        queryset = queryset.filter(display_name__regex=query.name_regex)
    if query.flavorid is not None:
        queryset = queryset.filter(flavor__flavorid=query.flavorid)
    if query.changes_since:
        queryset = queryset.filter(updated_at__gte=query.changes_since)
    if query.changes_before:
        queryset = queryset.filter(updated_at__lte=query.changes_before)
    for tag in query.tags:
        queryset = queryset.filter(_has_tag([tag]))
    if query.tags_any:
        queryset = queryset.filter(_has_tag(query.tags_any))
    if query.not_tags:
        queryset = queryset.exclude(Q(*[_has_tag([tag]) for tag in query.not_tags]))
    if query.not_tags_any:
        queryset = queryset.exclude(_has_tag(query.not_tags_any))
    return queryset


def sort_order(sort) -> list[tuple[str, str]]:
    """Nova's process_sort_params: drop ignored keys, then add created_at and id in the first direction."""
    kept = [(key, direction) for key, direction in sort if key not in IGNORED_SORT_KEYS]
    default_dir = sort[0][1] if sort else "desc"
    keys = [key for key, _ in kept]
    kept += [(key, default_dir) for key in ("created_at", "id") if key not in keys]
    return kept


def server_page(query: ListQuery, *, detailed: bool) -> list[Instance]:
    """One page of servers in the requested order, starting after the marker server."""
    order = sort_order(query.sort)
    aliases = {f"sort_{i}": SORT_KEYS[key] for i, (key, _) in enumerate(order)}
    queryset = filtered(query).alias(**aliases)
    if query.marker is not None:
        queryset = queryset.filter(_after(query, aliases, order))
    queryset = queryset.order_by(*[f"-{alias}" if direction == "desc" else alias
                                   for alias, (_, direction) in zip(aliases, order, strict=True)])
    if detailed:
        queryset = with_details(queryset)
    return list(queryset[: min(query.limit, MAX_LIMIT)])


def _after(query: ListQuery, aliases: dict, order) -> Q:
    """Rows after the marker: for some i, equal on keys before i and beyond it on key i."""
    row = (_scope(ListQuery(project_id=query.project_id, deleted=None)).filter(uuid=query.marker)
           .annotate(**aliases).values(*aliases).first()) if as_uuid(query.marker) else None
    if row is None:
        raise MarkerNotFound(query.marker)
    condition = Q()
    equal = Q()
    for alias, (_, direction) in zip(aliases, order, strict=True):
        beyond = "lt" if direction == "desc" else "gt"
        condition |= equal & Q(**{f"{alias}__{beyond}": row[alias]})
        equal &= Q(**{alias: row[alias]})
    return condition


