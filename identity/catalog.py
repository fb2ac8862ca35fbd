"""The service catalog: one entry per API of the node, with the public URLs of node/endpoints.py."""
import uuid

from django.conf import settings

from node.endpoints import public_urls

# catalog type -> (service name, key in public_urls())
SERVICES = {
    "identity": ("keystone", "identity"),
    "compute": ("nova", "compute"),
    "placement": ("placement", "placement"),
    "image": ("glance", "image"),
    "network": ("neutron", "network"),
}
INTERFACES = ("public", "internal", "admin")


def _stable_id(*parts: str) -> str:
    """Ids that stay the same across processes and restarts, as rows in Keystone's catalog would."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "/".join(("xcompute", *parts))).hex


def catalog() -> list[dict]:
    urls = public_urls()
    region = settings.XCOMPUTE_REGION
    return [
        {"id": _stable_id(service_type), "type": service_type, "name": name,
         "endpoints": [{"id": _stable_id(service_type, interface), "interface": interface, "region": region,
                        "region_id": region, "url": urls[key]} for interface in INTERFACES]}
        for service_type, (name, key) in SERVICES.items()
    ]
