"""GET /v2/images: Glance's filters, sorting and marker pagination as one query per page.

A page costs a constant number of queries whatever its size: the marker row, the page itself
(membership is a correlated EXISTS) and one prefetch of the page's tags.
"""
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q, QuerySet, TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from images.choices import MemberStatus, Status, Visibility
from images.exceptions import BadRequest
from images.models import Image, ImageTag
from images.services.access import enforce, is_member, parse_id, visible_images

DEFAULT_LIMIT, MAX_LIMIT = 25, 1000
SORT_KEYS = ("name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at",
             "visibility", "owner", "min_disk", "min_ram", "virtual_size", "protected")
# Filters on columns; `in:a,b` lists several values as Glance allows.
COLUMN_FILTERS = ("name", "status", "owner", "container_format", "disk_format", "checksum", "id",
                  "os_hash_value")
PAGING = ("limit", "marker", "sort_key", "sort_dir", "sort")
SPECIAL = ("visibility", "member_status", "tag", "size_min", "size_max", "protected", "os_hidden")
BOOLEANS = {"true": True, "false": False}


@dataclass
class Page:
    images: list[Image]
    next_marker: str | None = None
    sort: list[tuple[str, str]] = field(default_factory=list)


def image_page(context, params) -> Page:
    """The page of images the query parameters (a QueryDict) ask for."""
    enforce(context, "get_images", target_dict={"project_id": context.project_id})
    limit = _limit(params.get("limit"))
    sort = sort_order(params)
    queryset = _filtered(context, params)
    if params.get("marker"):
        queryset = queryset.filter(after_marker(_marker(context, params["marker"]), sort))
    queryset = queryset.order_by(*[_order(key, direction) for key, direction in sort])
    images = list(queryset.prefetch_related("tags")[:limit])
    next_marker = str(images[-1].id) if images and len(images) == limit else None
    return Page(images, next_marker, sort)


def _limit(value) -> int:
    if value is None:
        return DEFAULT_LIMIT
    try:
        limit = int(value)
    except ValueError:
        raise BadRequest("limit param must be an integer") from None
    if limit < 0:
        raise BadRequest("limit param must be positive")
    return min(limit, MAX_LIMIT)


def sort_order(params) -> list[tuple[str, str]]:
    """[(key, asc|desc)] from `sort=k:dir,...` or `sort_key`/`sort_dir`, ending with `id`."""
    if params.get("sort") and (params.get("sort_key") or params.get("sort_dir")):
        raise BadRequest("The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with "
                         "the 'sort' parameter.")
    if params.get("sort"):
        pairs = [(part.partition(":")[0].strip(), part.partition(":")[2].strip() or "desc")
                 for part in params["sort"].split(",")]
    else:
        keys = params.getlist("sort_key") or ["created_at"]
        dirs = params.getlist("sort_dir") or ["desc"]
        if len(dirs) > 1 and len(dirs) != len(keys):
            raise BadRequest("Number of sort dirs does not match the number of sort keys")
        pairs = list(zip(keys, dirs * len(keys) if len(dirs) == 1 else dirs, strict=True))
    for key, direction in pairs:
        if key not in SORT_KEYS:
            raise BadRequest(f"Invalid sort key: {key}. It must be one of the following: {', '.join(SORT_KEYS)}.")
        if direction not in ("asc", "desc"):
            raise BadRequest(f"Invalid sort direction: {direction}")
    if "id" not in [key for key, _ in pairs]:
        pairs.append(("id", pairs[-1][1]))
    return pairs


def _order(key: str, direction: str):
    # NULLs count as the smallest value on every database, so markers compare the same way.
    return F(key).asc(nulls_first=True) if direction == "asc" else F(key).desc(nulls_last=True)


def after_marker(marker: Image, sort) -> Q:
    """Rows strictly after the marker in the sort order: equal on the first keys, beyond on the next."""
    condition, equal_so_far = Q(pk__in=[]), Q()
    for key, direction in sort:
        value = getattr(marker, key)
        condition |= equal_so_far & _beyond(key, direction, value)
        equal_so_far &= Q(**{f"{key}__isnull": True}) if value is None else Q(**{key: value})
    return condition


def _beyond(key, direction, value) -> Q:
    if value is None:  # NULL is the smallest: everything non-null follows it ascending, nothing descending
        return Q(**{f"{key}__isnull": False}) if direction == "asc" else Q(pk__in=[])
    if direction == "asc":
        return Q(**{f"{key}__gt": value})
    return Q(**{f"{key}__lt": value}) | Q(**{f"{key}__isnull": True})


def _marker(context, marker_id) -> Image:
    key = parse_id(marker_id)
    marker = visible_images(context).filter(pk=key).first() if key else None
    if marker is None:
        raise BadRequest(f"Invalid marker. Image {marker_id} could not be found.")
    return marker


def _filtered(context, params) -> QuerySet:
    queryset = _by_visibility(context, params.get("visibility"), params.get("member_status", "accepted"))
    hidden = params.get("os_hidden", "false").lower()
    if hidden not in BOOLEANS:
        raise BadRequest(f"Invalid value for os_hidden: {params['os_hidden']}")
    queryset = queryset.filter(os_hidden=BOOLEANS[hidden])
    if "protected" in params:
        if params["protected"].lower() not in BOOLEANS:
            raise BadRequest(f"Invalid value for protected: {params['protected']}")
        queryset = queryset.filter(protected=BOOLEANS[params["protected"].lower()])
    for tag in params.getlist("tag"):
        queryset = queryset.filter(Exists(ImageTag.objects.filter(image=OuterRef("pk"), value=tag)))
    queryset = _by_size(queryset, params)
    for index, (name, value) in enumerate(params.items()):
        if name in COLUMN_FILTERS:
            queryset = queryset.filter(_column(name, value))
        elif name not in PAGING and name not in SPECIAL:
            # Any other parameter is an extra property (`?os_distro=debian`); the key may hold any character.
            alias = f"property_{index}"
            text = Cast(KeyTextTransform(name, "properties"), output_field=TextField())
            queryset = queryset.alias(**{alias: text}).filter(**{alias: value})
    return queryset


def _column(name: str, value: str) -> Q:
    values = value[3:].split(",") if value.startswith("in:") else [value]
    if name == "status" and any(item not in Status.values for item in values):
        raise BadRequest(f"Invalid status value: {value}")
    if name == "id":
        values = [parse_id(item) for item in values]
        if None in values:
            return Q(pk__in=[])
    return Q(**{f"{name}__in": values})


def _by_size(queryset, params) -> QuerySet:
    for name, lookup in (("size_min", "size__gte"), ("size_max", "size__lte")):
        if name in params:
            try:
                queryset = queryset.filter(**{lookup: int(params[name])})
            except ValueError:
                raise BadRequest(f"Invalid value for {name}: {params[name]}; it must be an integer") from None
    return queryset


def _by_visibility(context, visibility, member_status) -> QuerySet:
    """Glance's default list: the caller's own, public and accepted shared images (admins: all)."""
    if visibility is not None and visibility not in (*Visibility.values, "all"):
        raise BadRequest(f"Invalid visibility value: {visibility}")
    if member_status not in (*MemberStatus.values, "all"):
        raise BadRequest(f"Invalid status value: {member_status}")
    wanted = Image.objects.all() if visibility in (None, "all") else Image.objects.filter(visibility=visibility)
    if context.is_admin:
        return wanted
    membership = is_member(context, None if member_status == "all" else member_status)
    own, shared = Q(owner=context.project_id), Q(visibility=Visibility.SHARED) & membership
    if visibility is None:
        return wanted.filter(own | Q(visibility=Visibility.PUBLIC) | shared)
    return wanted.filter(own | Q(visibility__in=[Visibility.PUBLIC, Visibility.COMMUNITY]) | shared)
