"""Neutron's list conventions: filter by any attribute (repeat for "any of"), `fields`, sorting, paging.

Filters on stored columns run in the database; filters on other attributes compare the rendered
value as a string, as Neutron's do on its non-column attributes.
"""
from urllib.parse import urlencode

from networks import exceptions

PAGING = ("limit", "marker", "page_reverse", "sort_key", "sort_dir", "fields")


def _bool(value: str):
    lowered = value.lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    raise exceptions.BadRequest(f"'{value}' cannot be converted to boolean")


def split(params) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(attribute filters, paging/field parameters)."""
    filters, options = {}, {}
    for name, values in params.lists():
        (options if name in PAGING else filters)[name] = values
    return filters, options


def apply_filters(rows, filters: dict, columns: dict):
    """Database filters for the `columns` (attribute -> (lookup, converter)); the rest is returned."""
    rest = {}
    for name, values in filters.items():
        if name in columns:
            lookup, convert = columns[name]
            converted = [convert(value) if convert else value for value in values]
            rows = rows.filter(**{f"{lookup}__in": converted})
        else:
            rest[name] = values
    return rows, rest


def matches(body: dict, filters: dict) -> bool:
    for name, values in filters.items():
        if name not in body:
            continue  # Neutron ignores filters on unknown attributes
        value = body[name]
        if not any(str(value).lower() == wanted.lower() if isinstance(value, bool) else str(value) == wanted
                   for wanted in values):
            return False
    return True


def select_fields(body: dict, fields: list[str] | None) -> dict:
    if not fields:
        return body
    return {name: body[name] for name in fields if name in body}


def sort_and_page(rows, options: dict, sortable: dict):
    """Order by sort_key/sort_dir (id last, for a stable order), then limit after the marker."""
    keys = options.get("sort_key", [])
    dirs = options.get("sort_dir", [])
    if len(dirs) > len(keys):
        raise exceptions.BadRequest("The number of sort_keys and sort_dirs must be same")
    order = []
    for index, key in enumerate(keys):
        if key not in sortable:
            raise exceptions.BadRequest(f"{key} is invalid attribute for sort_keys")
        direction = dirs[index] if index < len(dirs) else "asc"
        if direction not in ("asc", "desc"):
            raise exceptions.BadRequest(f"{direction} is invalid value for sort_dirs, valid values are 'asc' "
                                        "and 'desc'")
        order.append(("-" if direction == "desc" else "") + sortable[key])
    rows = rows.order_by(*order, "created_at", "id")
    limit = None
    if "limit" in options:
        try:
            limit = int(options["limit"][-1])
        except ValueError:
            raise exceptions.BadRequest(f"Limit must be an integer 0 or greater and not '{options['limit'][-1]}'") \
                from None
        if limit < 0:
            raise exceptions.BadRequest(f"Limit must be an integer 0 or greater and not '{limit}'")
        limit = limit or None
    return rows, limit


def after_marker(bodies: list[dict], options: dict) -> list[dict]:
    if "marker" not in options:
        return bodies
    marker = options["marker"][-1]
    ids = [body["id"] for body in bodies]
    if marker not in ids:
        raise exceptions.not_found("Marker", marker)
    return bodies[ids.index(marker) + 1:]


def links(root: str, collection: str, params, page: list[dict], limit: int | None) -> list[dict]:
    if not limit or len(page) < limit:
        return []
    kept = [(name, value) for name, values in params.lists() if name != "marker" for value in values]
    return [{"rel": "next", "href": f"{root}/v2.0/{collection}?{urlencode([*kept, ('marker', page[-1]['id'])])}"}]
