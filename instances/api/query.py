"""The query of a server list request, read with Nova's rules: what non-admins may filter on, all_tenants,
deleted servers, status, tags, changes-since/before, sorting and paging."""
import re

from oslo_utils import strutils, timeutils
from rest_framework import exceptions

from instances import policies
from instances import status as statuses
from instances.api import schemas
from instances.services.boot import id_from_href
from instances.services.listing import ADMIN_SORT_KEYS, MAX_LIMIT, ListQuery
from openstack_api.microversions import Versioned, pick
from openstack_api.policy import authorize, check
from openstack_api.validation import validate_query

# Filters anyone may use (Nova's allowed search options); the others need servers:allow_all_filters.
USER_FILTERS = [Versioned(name) for name in ("reservation_id", "name", "status", "image", "flavor", "ip",
                                             "changes-since", "all_tenants")] + [
    Versioned("ip6", "2.5"),
    *[Versioned(name, "2.26") for name in ("tags", "tags-any", "not-tags", "not-tags-any")],
    Versioned("changes-before", "2.66"),
    Versioned("locked", "2.73"),
    *[Versioned(name, "2.83") for name in ("availability_zone", "key_name", "power_state", "task_state",
                                           "vm_state", "user_id")],
]
# Filters that compare one column for equality.
EXACT_COLUMNS = {"reservation_id": "reservation_id", "host": "host", "node": "node", "user_id": "user_id",
                 "availability_zone": "availability_zone", "key_name": "key_name", "uuid": "uuid",
                 "hostname": "hostname"}
LIST_COLUMNS = ("vm_state", "task_state", "power_state")


def bad_request(message):
    return exceptions.ValidationError({"detail": message})


def _allowed_params(request, context, params: dict) -> dict:
    """Nova's remove_invalid_options: non-admins' other filters are dropped silently."""
    if check(context, policies.SERVERS % "allow_all_filters"):
        return params
    allowed = set(pick(USER_FILTERS, request.version)) | {"limit", "marker", "sort_key", "sort_dir"}
    return {name: values for name, values in params.items() if name in allowed}


def list_query(request, context, *, detailed: bool) -> tuple[ListQuery, dict]:
    """The ListQuery, and the parameters as given for the next link."""
    given = validate_query(request.query_params, schemas.LIST_QUERY)
    params = _allowed_params(request, context, given)
    last = {name: values[-1] for name, values in params.items()}
    values = {"exact": {}}
    values["project_id"] = _project(request, context, last, detailed)
    values.update(_deleted(context, last))
    _exact(last, values["exact"])
    _status(request, context, last, values)
    _times(request, last, values)
    _tags(request, last, values)
    values["sort"] = _sort(context, params)
    values["limit"] = min(int(last["limit"]), MAX_LIMIT) if "limit" in last else MAX_LIMIT
    values["marker"] = last.get("marker")
    if "name" in last:
        _check_regex(last["name"])
        values["name_regex"] = last["name"]
    if "flavor" in last:
        values["flavorid"] = id_from_href(last["flavor"])
    if "image" in last:
        values["exact"]["image_ref"] = id_from_href(last["image"])
    exact = values.pop("exact")
    return ListQuery(exact=exact, **values), given


def _project(request, context, last, detailed) -> str | None:
    """all_tenants needs its policy (403 otherwise); without it tenant_id/project_id are ignored."""
    if "all_tenants" in last:
        value = last["all_tenants"]
        try:
            all_tenants = value == "" or strutils.bool_from_string(value, strict=True)
        except ValueError as exc:
            raise bad_request(str(exc)) from None
        if all_tenants:
            authorize(context, policies.SERVERS % ("detail:get_all_tenants" if detailed else "index:get_all_tenants"))
            return last.get("tenant_id") or last.get("project_id")
    return context.project_id


def _deleted(context, last) -> dict:
    """Deleted servers only for admins who ask; changes-since/before without `deleted` include them."""
    if "deleted" in last:
        return {"deleted": strutils.bool_from_string(last["deleted"], default=False)}
    if "changes-since" in last or "changes-before" in last:
        return {"deleted": None}
    return {"deleted": False}


def _status(request, context, last, values) -> None:
    """Nova's status filter: the vm (and task) states that show as that status; unknown ones 400 from 2.38."""
    if "status" not in last:
        return
    vm_states, task_states = statuses.states_of([last["status"]])
    if not vm_states:
        if request.version >= "2.38":
            raise bad_request("Invalid status value")
        values["exact"]["vm_state"] = []  # matches nothing: Nova's empty list
        return
    if vm_states == {"deleted"}:
        if not context.is_admin:
            raise exceptions.PermissionDenied("Only administrators may list deleted instances")
        values["deleted"] = True
    if "soft-delete" in vm_states:
        values["soft_deleted"] = True
    values["exact"]["vm_state"] = sorted(vm_states)
    if statuses.DEFAULT not in task_states:
        values["exact"]["task_state"] = sorted(task_states)


def _exact(last, exact: dict) -> None:
    for name, column in EXACT_COLUMNS.items():
        if name in last:
            exact[column] = last[name]
    for name in LIST_COLUMNS:
        if name in last:
            exact[name] = last[name].split(",")
    if "locked" in last:
        try:
            exact["locked"] = strutils.bool_from_string(last["locked"], strict=True)
        except ValueError as exc:
            raise bad_request(str(exc)) from None


def _times(request, last, values) -> None:
    for name, key in (("changes-since", "changes_since"), ("changes-before", "changes_before")):
        if name in last:
            values[key] = timeutils.parse_isotime(last[name])
    since, before = values.get("changes_since"), values.get("changes_before")
    if since and before and since > before:
        raise bad_request("The value of changes-since must be less than or equal to changes-before.")


def _tags(request, last, values) -> None:
    for name in ("tags", "tags-any", "not-tags", "not-tags-any"):
        if name in last:
            values[name.replace("-", "_")] = tuple(tag for tag in last[name].split(",") if tag)


def _sort(context, params) -> tuple:
    keys, dirs = params.get("sort_key", []), params.get("sort_dir", [])
    if len(dirs) > len(keys):
        raise bad_request("Sort direction size exceeds sort key size")
    if not context.is_admin:
        for key in keys:
            if key in ADMIN_SORT_KEYS:
                raise exceptions.PermissionDenied(f"Only administrators can sort servers by {key}")
    default = dirs[0] if dirs else "desc"
    return tuple((key, dirs[i] if i < len(dirs) else default) for i, key in enumerate(keys))


def _check_regex(pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error:
        raise bad_request(f"Invalid filter field: name. Invalid regular expression: {pattern}") from None
