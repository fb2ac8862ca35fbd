"""Query parameters of os-hypervisors per microversion, with Nova's schemas and refusals.

Before 2.33 anything goes and nothing pages; 2.33 adds limit/marker (other parameters are still
ignored); from 2.53 the schema is closed and adds hypervisor_hostname_pattern and with_servers.
"""
from dataclasses import dataclass, field

from rest_framework import exceptions

from hosts.api.hypervisors.wire import UUID_IDS
from openstack_api.microversions import Versioned, pick
from openstack_api.validation import BOOLEAN, multi_params, to_bool, validate_query

MAX_LIMIT = 1000  # Nova's [api] max_limit
NON_NEGATIVE_INTEGER = {"type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 0, "minLength": 1}
# Nova's `fqdn` parameter type: underscores allowed, as real hosts have them.
FQDN = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[a-zA-Z0-9-._]*$"}


def single_param(schema: dict) -> dict:
    return {**multi_params(schema), "maxItems": 1}


_OPEN = {"type": "object", "properties": {}, "additionalProperties": True}
_PAGING = {"limit": multi_params(NON_NEGATIVE_INTEGER), "marker": multi_params({"type": "string"})}
LIST_QUERY = [
    Versioned(_OPEN, max_version="2.32"),
    Versioned({**_OPEN, "properties": _PAGING}, "2.33", "2.52"),
    Versioned({"type": "object", "additionalProperties": False, "properties": {
        "limit": single_param(NON_NEGATIVE_INTEGER), "marker": single_param({"type": "string"}),
        "hypervisor_hostname_pattern": single_param(FQDN), "with_servers": single_param(BOOLEAN),
    }}, UUID_IDS),
]
SHOW_QUERY = [
    Versioned(_OPEN, max_version="2.52"),
    Versioned({"type": "object", "additionalProperties": False,
               "properties": {"with_servers": single_param(BOOLEAN)}}, UUID_IDS),
]
PAGING = [Versioned(True, "2.33")]
PATTERN_AND_PAGING = ("Paging over hypervisors with the hypervisor_hostname_pattern query parameter is "
                      "not supported.")


@dataclass(frozen=True)
class ListParams:
    limit: int | None = None
    marker: str | None = None
    pattern: str | None = None
    with_servers: bool = False
    links: bool = False
    given: dict = field(default_factory=dict)  # as the request gave them, for the next link


def list_params(request) -> ListParams:
    """What a list request asks for; the last value of a repeated parameter wins, as in Nova."""
    given = validate_query(request.query_params, pick(LIST_QUERY, request.version)[0])
    last = {name: values[-1] for name, values in given.items()}
    if not pick(PAGING, request.version):
        return ListParams()
    limit = min(int(last["limit"]), MAX_LIMIT) if "limit" in last else MAX_LIMIT
    if request.version < UUID_IDS:
        return ListParams(limit, last.get("marker"), links=True, given=given)
    pattern = last.get("hypervisor_hostname_pattern")
    if pattern is not None and ("limit" in last or last.get("marker")):
        raise exceptions.ValidationError({"detail": PATTERN_AND_PAGING})
    with_servers = to_bool(last.get("with_servers", False))
    if pattern is not None:
        return ListParams(pattern=pattern, with_servers=with_servers)
    return ListParams(limit, last.get("marker"), None, with_servers, links=True, given=given)


def show_with_servers(request) -> bool:
    """`with_servers` of a show request; before 2.53 it is not a parameter and is ignored."""
    given = validate_query(request.query_params, pick(SHOW_QUERY, request.version)[0])
    if request.version < UUID_IDS or "with_servers" not in given:
        return False
    return to_bool(given["with_servers"][-1])
