"""Parsing GET /allocation_candidates query strings into request groups, per microversion."""
import re
import uuid
from dataclasses import dataclass, field

from placement import exceptions
from placement.exceptions import QUERY_BAD_VALUE

GROUP_KEYS = ("resources", "required", "member_of", "in_tree")
SUFFIX_1_25 = r"[1-9][0-9]*"
SUFFIX_1_33 = r"[a-zA-Z0-9_-]{1,64}"
TRAIT_NAME = re.compile(r"^[A-Z0-9_]+$")


@dataclass
class RequestGroup:
    """One request group: the unsuffixed one ("") may spread over a tree; numbered ones use one provider."""

    suffix: str
    resources: dict[str, int] = field(default_factory=dict)
    # Each entry is a set of which at least one trait must be present (a plain trait is a set of one).
    required: list[frozenset] = field(default_factory=list)
    forbidden: set[str] = field(default_factory=set)
    member_of: list[frozenset] = field(default_factory=list)
    forbidden_aggregates: set[uuid.UUID] = field(default_factory=set)
    in_tree: uuid.UUID | None = None
    # Filled in once names are resolved to ids (placement.candidates.engine).
    resource_ids: dict[int, int] = field(default_factory=dict)
    required_ids: list[frozenset] = field(default_factory=list)

    @property
    def numbered(self) -> bool:
        return self.suffix != ""


@dataclass
class CandidateRequest:
    groups: dict[str, RequestGroup]
    group_policy: str | None = None
    limit: int | None = None
    root_required: list[frozenset] = field(default_factory=list)
    root_forbidden: set[str] = field(default_factory=set)
    same_subtree: list[list[str]] = field(default_factory=list)


def bad(message: str):
    return exceptions.BadRequest(message, code=QUERY_BAD_VALUE)


def allowed_keys(version) -> re.Pattern:
    """The query parameters the microversion accepts (upstream's per-version query schemas)."""
    single = ["resources"]
    if version >= "1.16":
        single.append("limit")
    if version >= "1.17":
        single.append("required")
    if version >= "1.21":
        single.append("member_of")
    if version < "1.25":
        return re.compile("^(" + "|".join(single) + ")$")
    suffix = SUFFIX_1_33 if version >= "1.33" else SUFFIX_1_25
    keys = ["resources", "required", "member_of"] + (["in_tree"] if version >= "1.31" else [])
    extra = ["limit", "group_policy"] + (["root_required"] if version >= "1.35" else []) + (
        ["same_subtree"] if version >= "1.36" else [])
    return re.compile(f"^(({'|'.join(keys)})({suffix})?|{'|'.join(extra)})$")


def parse(query, version, resource_class_names) -> CandidateRequest:
    """Turn the query string into a CandidateRequest, refusing what this microversion does not know."""
    pattern = allowed_keys(version)
    unexpected = sorted(key for key in query if not pattern.match(key))
    if unexpected:
        raise bad("Invalid query string parameters: Additional properties are not allowed "
                  f"({', '.join(repr(key) for key in unexpected)} {'was' if len(unexpected) == 1 else 'were'} "
                  "unexpected)")
    groups: dict[str, RequestGroup] = {}
    for key, values in query.lists():
        kind, suffix = _split_key(key)
        if kind is None:
            continue
        group = groups.setdefault(suffix, RequestGroup(suffix))
        for value in values:
            _apply(group, kind, value, version, resource_class_names, repeated=len(values) > 1)
    request = CandidateRequest(groups=groups)
    _parse_global(request, query, version)
    _check_groups(request, version)
    return request


def _split_key(key):
    for kind in GROUP_KEYS:
        if key.startswith(kind):
            return kind, key[len(kind):]
    return None, None


def _apply(group, kind, value, version, resource_class_names, repeated):
    if repeated and kind in ("resources", "in_tree"):
        raise bad(f"Only one '{kind}{group.suffix}' query parameter is allowed")
    if repeated and kind == "required" and version < "1.39":
        raise bad(f"Only one 'required{group.suffix}' query parameter is allowed before microversion 1.39")
    if kind == "resources":
        group.resources = parse_resources(value, resource_class_names)
    elif kind == "required":
        required, forbidden = parse_traits(value, version, f"required{group.suffix}")
        group.required.extend(required)
        group.forbidden |= forbidden
    elif kind == "member_of":
        if repeated and version < "1.24":
            raise bad("Multiple member_of parameters are not supported before microversion 1.24")
        any_of, forbidden = parse_member_of(value, version)
        if any_of:
            group.member_of.append(any_of)
        group.forbidden_aggregates |= forbidden
    else:
        group.in_tree = _uuid(value, "in_tree")


def parse_resources(value: str, resource_class_names) -> dict[str, int]:
    """`VCPU:1,MEMORY_MB:512` -> {"VCPU": 1, "MEMORY_MB": 512}; amounts are positive integers."""
    resources = {}
    for part in value.split(","):
        name, _, amount = part.strip().partition(":")
        if not name or not amount.isdigit() or int(amount) < 1:
            raise bad(f"Badly formed resources parameter. Expected resources query string parameter in "
                      f"form: ?resources=VCPU:2,MEMORY_MB:1024. Got: {value}.")
        if name in resources:
            raise bad(f"Resource class {name} is given more than once in '{value}'")
        resources[name] = int(amount)
    unknown = sorted(set(resources) - set(resource_class_names))
    if unknown:
        raise bad(f"Invalid resource class in resources parameter: {', '.join(unknown)}")
    return resources


def parse_traits(value: str, version, key: str):
    """Return (required any-of sets, forbidden names) from `A,!B` or, from 1.39, `in:A,B`."""
    required, forbidden = [], set()
    if value.startswith("in:"):
        if version < "1.39":
            raise bad(f"Invalid query string parameters: the 'in:' syntax of '{key}' needs microversion 1.39")
        names = _trait_names(value[3:], key)
        if any(name.startswith("!") for name in names):
            raise bad(f"The forbidden trait syntax '!' cannot be combined with 'in:' in '{key}'")
        return [frozenset(names)], forbidden
    for name in _trait_names(value, key):
        if name.startswith("!"):
            if version < "1.22":
                raise bad(f"Invalid trait name in {key}: {name}")
            forbidden.add(name[1:])
        else:
            required.append(frozenset([name]))
    return required, forbidden


def _trait_names(value, key):
    names = [name.strip() for name in value.split(",")]
    if not all(TRAIT_NAME.match(name.lstrip("!")) for name in names):
        raise bad(f"Invalid query string parameters: Expected '{key}' parameter value of the form: "
                  f"HW_CPU_X86_VMX,CUSTOM_MAGIC. Got: {value}")
    return names


def parse_member_of(value: str, version):
    """Return (any-of aggregate set, forbidden aggregate set) from `a`, `in:a,b`, `!a` or `!in:a,b`."""
    forbidden = value.startswith("!")
    if forbidden:
        if version < "1.32":
            raise bad(f"Invalid query string parameters: forbidden aggregates need microversion 1.32: {value}")
        value = value[1:]
    if value.startswith("in:"):
        value = value[3:]
    elif "," in value:
        raise bad(f"Expected multiple member_of values to be prefixed with 'in:'. Got: {value}")
    aggregates = frozenset(_uuid(part.strip(), "member_of") for part in value.split(","))
    return (frozenset(), set(aggregates)) if forbidden else (aggregates, set())


def _uuid(value, key):
    try:
        return uuid.UUID(value)
    except ValueError:
        raise bad(f"Invalid query string parameters: Expected '{key}' parameter to contain valid UUID(s). "
                  f"Got: {value}") from None


def _parse_global(request, query, version):
    if "limit" in query:
        limit = query["limit"]
        if not limit.isdigit() or int(limit) < 1:
            raise bad(f"Invalid query string parameters: '{limit}' is not a positive integer limit")
        request.limit = int(limit)
    if "group_policy" in query:
        if query["group_policy"] not in ("none", "isolate"):
            raise bad(f"Invalid query string parameters: '{query['group_policy']}' is not one of "
                      "['none', 'isolate']")
        request.group_policy = query["group_policy"]
    if "root_required" in query:
        request.root_required, request.root_forbidden = parse_traits(query["root_required"], version, "root_required")
    for value in query.getlist("same_subtree"):
        suffixes = [part.strip() for part in value.split(",")]
        request.same_subtree.append(suffixes)


def _check_groups(request, version):
    numbered = [group for group in request.groups.values() if group.numbered]
    if not any(group.resources for group in request.groups.values()):
        raise bad("At least one resources query parameter is required")
    in_subtree = {suffix for suffixes in request.same_subtree for suffix in suffixes}
    for group in request.groups.values():
        if not group.resources and (group.suffix == "" or group.suffix not in in_subtree):
            raise bad(f"All request groups must specify resources unless they are named in same_subtree: "
                      f"'{group.suffix}' has none")
    unknown = in_subtree - set(request.groups) if request.same_subtree else set()
    if unknown:
        raise bad(f"Request group suffix(es) in same_subtree are not used in any resources, required or "
                  f"member_of query parameter: {', '.join(sorted(unknown))}")
    if len(numbered) > 1 and request.group_policy is None:
        raise bad("The \"group_policy\" parameter is required when specifying more than one \"resources{N}\" "
                  "parameter.")
