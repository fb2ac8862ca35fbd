"""Per-project limits on networks, subnets and ports (Neutron's quota names and defaults).

A create counts what the project holds inside its own transaction, after taking a per-project
advisory lock (PostgreSQL; SQLite serialises writers anyway), so concurrent creates in one project
cannot both take the last free unit.
"""
import hashlib

from django.conf import settings
from django.db import connection

from networks import exceptions
from networks.models import Network, NetworkQuota, Port, Subnet

RESOURCES = {"network": Network, "subnet": Subnet, "port": Port}


def defaults() -> dict[str, int]:
    return {"network": settings.XCOMPUTE_NETWORK_QUOTA_NETWORK, "subnet": settings.XCOMPUTE_NETWORK_QUOTA_SUBNET,
            "port": settings.XCOMPUTE_NETWORK_QUOTA_PORT}


def limits(project_id: str) -> dict[str, int]:
    result = defaults()
    result.update(NetworkQuota.objects.filter(project_id=project_id).values_list("resource", "limit"))
    return result


def set_limits(project_id: str, values: dict) -> dict[str, int]:
    for resource, limit in values.items():
        NetworkQuota.objects.update_or_create(project_id=project_id, resource=resource, defaults={"limit": limit})
    return limits(project_id)


def reset(project_id: str) -> None:
    NetworkQuota.objects.filter(project_id=project_id).delete()


def _lock(project_id: str) -> None:
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"network-quota:{project_id}".encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def check(project_id: str, resource: str, adding: int = 1) -> None:
    """Refuse (409 OverQuota) if `adding` more of `resource` exceeds the limit; call in the create's transaction."""
    limit = limits(project_id)[resource]
    if limit < 0:
        return
    _lock(project_id)
    used = RESOURCES[resource].objects.filter(project_id=project_id).count()
    if used + adding > limit:
        raise exceptions.OverQuota(f"Quota exceeded for resources: ['{resource}'].")
