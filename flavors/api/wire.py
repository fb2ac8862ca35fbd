"""How flavors, extra specs and access lists are rendered, per microversion.

Each versioned field is gated here and nowhere else: `description` from 2.55, `extra_specs`
from 2.61 (when policy allows), `swap` as an integer from 2.75 (before, 0 renders as "").
"""
from dataclasses import dataclass
from urllib.parse import urlencode

from flavors.services.listing import MAX_LIMIT
from flavors.services.records import extra_specs_of
from openstack_api.microversions import APIVersion

DESCRIPTION_VERSION = "2.55"
EXTRA_SPECS_VERSION = "2.61"
SWAP_INTEGER_VERSION = "2.75"


@dataclass(frozen=True)
class Rendering:
    """What decides a flavor body: the request's version, its API root and the extra-specs policy."""

    version: APIVersion
    root_url: str  # e.g. http://host:8774, without a trailing slash
    extra_specs_allowed: bool = False

    @property
    def with_extra_specs(self) -> bool:
        return self.extra_specs_allowed and self.version >= EXTRA_SPECS_VERSION


def links(flavorid: str, rendering: Rendering) -> list[dict]:
    return [
        {"rel": "self", "href": f"{rendering.root_url}/v2.1/flavors/{flavorid}"},
        {"rel": "bookmark", "href": f"{rendering.root_url}/flavors/{flavorid}"},
    ]


def summary(flavor, rendering: Rendering) -> dict:
    """A flavor in `GET /flavors`."""
    body = {"id": flavor.flavorid, "name": flavor.name, "links": links(flavor.flavorid, rendering)}
    if rendering.version >= DESCRIPTION_VERSION:
        body["description"] = flavor.description
    return body


def detail(flavor, rendering: Rendering) -> dict:
    """A flavor in `GET /flavors/detail`, `GET /flavors/{id}` and the create and update answers."""
    body = {
        "id": flavor.flavorid,
        "name": flavor.name,
        "ram": flavor.memory_mb,
        "disk": flavor.root_gb,
        "swap": flavor.swap if rendering.version >= SWAP_INTEGER_VERSION else (flavor.swap or ""),
        "OS-FLV-EXT-DATA:ephemeral": flavor.ephemeral_gb,
        "OS-FLV-DISABLED:disabled": flavor.disabled,
        "vcpus": flavor.vcpus,
        "os-flavor-access:is_public": flavor.is_public,
        "rxtx_factor": flavor.rxtx_factor,
        "links": links(flavor.flavorid, rendering),
    }
    if rendering.version >= DESCRIPTION_VERSION:
        body["description"] = flavor.description
    if rendering.with_extra_specs:
        body["extra_specs"] = extra_specs_of(flavor)
    return body


def collection(flavors, rendering: Rendering, render, path: str, params: dict, limit: int) -> dict:
    """`{"flavors": [...]}` plus Nova's `flavors_links` next link when the page is full."""
    body = {"flavors": [render(flavor, rendering) for flavor in flavors]}
    page_size = min(limit, MAX_LIMIT)
    if page_size and len(flavors) == page_size:
        query = dict(sorted(params.items()))
        query["marker"] = flavors[-1].flavorid
        body["flavors_links"] = [{"rel": "next", "href": f"{rendering.root_url}/v2.1/{path}?{urlencode(query)}"}]
    return body


def access_list(flavorid: str, project_ids: list[str]) -> dict:
    return {"flavor_access": [{"flavor_id": flavorid, "tenant_id": project} for project in project_ids]}
