"""The flavor as a server carries it: a frozen copy taken at boot, and the body Nova embeds in servers."""
from flavors.models import Flavor
from flavors.services.records import extra_specs_of
from openstack_api.microversions import APIVersion

EMBEDDED_FLAVOR_VERSION = "2.47"  # from here a server body holds the flavor's sizes, not a link


def snapshot(flavor: Flavor) -> dict:
    """A JSON-able copy of the flavor for an instance to keep: later edits or deletion don't change it."""
    return {
        "flavorid": flavor.flavorid,
        "name": flavor.name,
        "vcpus": flavor.vcpus,
        "memory_mb": flavor.memory_mb,
        "root_gb": flavor.root_gb,
        "ephemeral_gb": flavor.ephemeral_gb,
        "swap": flavor.swap,
        "rxtx_factor": flavor.rxtx_factor,
        "is_public": flavor.is_public,
        "description": flavor.description,
        "extra_specs": extra_specs_of(flavor),
    }


def to_embedded(flavor: Flavor | dict, version: APIVersion | str, *, include_extra_specs=True,
                base_url: str = "") -> dict:
    """The server body's `flavor` at `version`, from a Flavor or its `snapshot()`.

    From 2.47: `vcpus, ram, disk, ephemeral, swap, original_name` and, when the caller's policy
    allows (`flavors.policies.may_see_extra_specs`), `extra_specs`. Before: the flavor's id and
    bookmark link (`base_url` is the API root, e.g. `http://host:8774`).
    """
    data = flavor if isinstance(flavor, dict) else snapshot(flavor)
    version = APIVersion.parse(version) if isinstance(version, str) else version
    if version < EMBEDDED_FLAVOR_VERSION:
        href = f"{base_url.rstrip('/')}/flavors/{data['flavorid']}"
        return {"id": str(data["flavorid"]), "links": [{"rel": "bookmark", "href": href}]}
    body = {
        "vcpus": data["vcpus"],
        "ram": data["memory_mb"],
        "disk": data["root_gb"],
        "ephemeral": data["ephemeral_gb"],
        "swap": data["swap"],
        "original_name": data["name"],
    }
    if include_extra_specs:
        body["extra_specs"] = dict(data.get("extra_specs") or {})
    return body
