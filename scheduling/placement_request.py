"""What the scheduler asks Placement for: one GET /allocation_candidates per boot request.

Nova's rules (resources_from_request_spec): the flavor gives VCPU, MEMORY_MB and DISK_GB;
`resources:<CLASS>=<n>` extra specs override or add classes (0 drops one); `trait:<NAME>=required`
and `=forbidden` in the flavor's extra specs or the image's properties become `required`;
COMPUTE_STATUS_DISABLED is always forbidden, so disabled hosts never come back; a requested
destination narrows the query to that compute node's tree.
"""
from collections.abc import Iterable, Sequence
from urllib.parse import urlencode

from scheduling.request_spec import RequestSpec

DISABLED_TRAIT = "COMPUTE_STATUS_DISABLED"


def resources(spec: RequestSpec) -> dict[str, int]:
    """Amount per resource class of one instance, flavor first, then `resources:` overrides."""
    amounts = dict(spec.requested_resources())
    for key, value in spec.flavor.extra_specs.items():
        if key.startswith("resources:"):
            amounts[key.removeprefix("resources:")] = int(value)
    return {name: amount for name, amount in amounts.items() if amount > 0}


def traits(spec: RequestSpec) -> tuple[set[str], set[str]]:
    """(required, forbidden) trait names from the flavor's extra specs and the image's properties."""
    required, forbidden = set(), {DISABLED_TRAIT}
    for source in (spec.flavor.extra_specs, spec.image_properties):
        for key, value in source.items():
            if not key.startswith("trait:"):
                continue
            name = key.removeprefix("trait:")
            if value == "required":
                required.add(name)
            elif value == "forbidden":
                forbidden.add(name)
    return required, forbidden - required


def query(spec: RequestSpec, *, in_tree: str | None = None, limit: int = 1000, member_of: Sequence[str] = (),
          required_traits: Iterable[str] = ()) -> str:
    """The query string of GET /allocation_candidates (microversion 1.39) for `spec`.

    `member_of` values (`in:a,b` or `!in:a,b`) and `required_traits` come from `scheduling.prefilters`.
    """
    required, forbidden = traits(spec)
    required |= set(required_traits)
    forbidden -= required
    params = [("resources", ",".join(f"{name}:{amount}" for name, amount in sorted(resources(spec).items()))),
              ("required", ",".join([*sorted(required), *(f"!{name}" for name in sorted(forbidden))])),
              ("limit", str(limit))]
    if in_tree:
        params.append(("in_tree", in_tree))
    params += [("member_of", value) for value in member_of]
    return urlencode(params)
