"""GET /resource_providers query strings turned into ProviderFilters, per microversion.

`member_of`: one aggregate, or `in:` any of several (1.3); repeated and AND'ed (1.24); `!` and
`!in:` forbid (1.32). `required`: traits all required (1.18); `!` forbids (1.22); `in:` any of
several and repeated and AND'ed (1.39; before, only the last `required` counts).
"""
import uuid

from placement import exceptions
from placement.api.schemas import providers as schemas
from placement.api.schemas import wire
from placement.candidates.request import parse_resources
from placement.models import ResourceClass
from placement.services.providers import ProviderFilters

TRAITS_FORM = "HW_CPU_X86_VMX,CUSTOM_MAGIC"
TRAITS_FORM_FORBIDDEN = "HW_CPU_X86_VMX,!CUSTOM_MAGIC"
ANY_TRAITS_FORM = "in:HW_CPU_X86_VMX,CUSTOM_MAGIC"


def parse(request) -> ProviderFilters:
    version = request.version
    query = wire.query_params(request, wire.for_version(schemas.LIST_QUERY, version))
    filters = ProviderFilters(name=query.get("name"), uuid=_uuid(query.get("uuid")), in_tree=_uuid(query.get("in_tree")))
    if "member_of" in query:
        filters.member_of, filters.forbidden_aggregates = member_of(request.query_params.getlist("member_of"), version)
    if "required" in query:
        filters.required, filters.forbidden_traits = required(request.query_params.getlist("required"), version)
    if "resources" in query:
        filters.resources = resources(query["resources"])
    return filters


def resources(value: str) -> dict[str, int]:
    """`VCPU:2,MEMORY_MB:1024` (1.4), parsed as allocation candidates parse it."""
    return parse_resources(value, set(ResourceClass.objects.values_list("name", flat=True)))


def _uuid(value):
    """A uuid the query schema already checked, or None when the parameter was not given."""
    return uuid.UUID(value) if value else None


def member_of(values, version):
    """([any-of aggregate sets], forbidden aggregates) from the `member_of` values."""
    if len(values) > 1 and version < "1.24":
        raise exceptions.BadRequest("Multiple member_of parameters are not supported")
    any_ofs, forbidden = [], set()
    for value in values:
        wanted, refused = _member_of_value(value)
        if wanted:
            any_ofs.append(wanted)
        if refused and version < "1.32":
            raise exceptions.BadRequest(
                "Forbidden member_of parameters are not supported in the specified microversion"
            )
        forbidden |= refused
    return any_ofs, forbidden


def _member_of_value(value: str):
    if "," in value and not value.startswith(("in:", "!in:")):
        raise exceptions.BadRequest(
            "Multiple values for 'member_of' must be prefixed with the 'in:' or '!in:' keyword using the "
            f"valid microversion. Got: {value}"
        )
    negated = value.startswith("!")
    text = value[1:] if negated else value
    names = text[3:].split(",") if text.startswith("in:") else [text]
    aggregates = frozenset(_aggregate(name) for name in names)
    return (frozenset(), aggregates) if negated else (aggregates, frozenset())


def _aggregate(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise exceptions.BadRequest(
            f"Invalid query string parameters: Expected 'member_of' parameter to contain valid UUID(s). Got: {text}"
        ) from None


def required(values, version):
    """([any-of trait sets], forbidden traits) from the `required` values."""
    if version < "1.39":
        values = values[-1:]
    any_ofs, forbidden = [], set()
    for value in values:
        wanted, refused = _required_value(value, version)
        any_ofs.extend(wanted)
        forbidden |= refused
    return any_ofs, forbidden


def _bad_traits(text: str) -> exceptions.BadRequest:
    return exceptions.BadRequest(f"Invalid query string parameters: {text}")


def _required_value(value: str, version):
    if value.startswith("in:"):
        return _any_traits(value, version)
    names = [name.strip() for name in value.split(",")]
    # Upstream strips every leading `!`, so `!!FOO` forbids FOO.
    forbidden = {name.lstrip("!") for name in names if name.startswith("!")}
    if not all(names) or not all(forbidden):
        form = TRAITS_FORM_FORBIDDEN if version >= "1.22" else TRAITS_FORM
        raise _bad_traits(f"Expected 'required' parameter value of the form: {form}. Got an empty trait in: {value}")
    if forbidden and version < "1.22":
        raise _bad_traits(f"Expected 'required' parameter value of the form: {TRAITS_FORM}. Got: {value}")
    return [frozenset({name}) for name in names if not name.startswith("!")], forbidden


def _any_traits(value: str, version):
    if version < "1.39":
        raise _bad_traits(f"The format '{ANY_TRAITS_FORM}' only supported since microversion 1.39. Got: {value}")
    names = frozenset(name.strip() for name in value[3:].split(","))
    if not all(names):
        raise _bad_traits(
            f"Expected 'required' parameter value of the form: {ANY_TRAITS_FORM}. Got an empty trait in: {value}"
        )
    if any(name.startswith("!") for name in names):
        raise _bad_traits(f"The format '{ANY_TRAITS_FORM}' does not support forbidden traits. Got: {value}")
    return [names], set()
