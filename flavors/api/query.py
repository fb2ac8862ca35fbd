"""The query of a flavor list request, read with Nova's rules and refusals."""
from oslo_utils import strutils
from rest_framework import exceptions

from flavors.api import schemas
from flavors.services.listing import MAX_LIMIT, ListQuery
from openstack_api.policy import is_admin
from openstack_api.validation import validate_query


def list_query(request, context) -> tuple[ListQuery, dict]:
    """The ListQuery and the parameters as given (last value of each), for the next link."""
    schema = schemas.LIST_QUERY_V275 if request.version >= "2.75" else schemas.LIST_QUERY
    params = {name: values[-1] for name, values in validate_query(request.query_params, schema).items()}
    query = ListQuery(
        # Only admins choose: everyone else gets the flavors they can use, whatever they ask.
        is_public=_is_public(params.get("is_public")) if is_admin(context) else True,
        min_memory_mb=_integer(params, "minRam"),
        min_root_gb=_integer(params, "minDisk"),
        sort_key=params.get("sort_key") or "flavorid",
        sort_dir=params.get("sort_dir") or "asc",
        limit=min(int(params["limit"]), MAX_LIMIT) if "limit" in params else MAX_LIMIT,
        marker=params.get("marker"),
    )
    return query, params


def _is_public(value) -> bool | None:
    """Absent: public only (and the caller's private ones); `none`: all; otherwise a strict boolean."""
    if value is None:
        return True
    if value.lower() == "none":
        return None
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exceptions.ValidationError({"detail": f"Invalid is_public filter [{value}]"}) from None


def _integer(params: dict, name: str) -> int | None:
    if name not in params:
        return None
    try:
        return int(params[name])
    except ValueError:
        raise exceptions.ValidationError({"detail": f"Invalid {name} filter [{params[name]}]"}) from None
