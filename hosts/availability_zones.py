"""Availability zones: the `availability_zone` metadata of host aggregates, else the default zone.

A compute host is in the zone of the aggregate that names one (a host is in at most one, see
`hosts.aggregates`), otherwise in XCOMPUTE_DEFAULT_AVAILABILITY_ZONE (Nova's `nova`); every other
service is in XCOMPUTE_INTERNAL_SERVICE_AVAILABILITY_ZONE. A zone is available while it has an
enabled compute service, and listed (as not available) when all of its compute services are disabled.
"""
from dataclasses import dataclass, field

from django.conf import settings

from hosts import health
from hosts.choices import Binary
from hosts.models import AggregateHost, Service

AZ_KEY = "availability_zone"


def zones_of_hosts(hosts=None) -> dict[str, str]:
    """host -> zone for the hosts in a zone aggregate (all of them when `hosts` is None); one query."""
    rows = AggregateHost.objects.filter(aggregate__metadata__has_key=AZ_KEY)
    if hosts is not None:
        rows = rows.filter(host__in=list(hosts))
    return {host: metadata[AZ_KEY] for host, metadata in rows.values_list("host", "aggregate__metadata")}


def zone_of_service(service: Service, zones: dict[str, str]) -> str:
    if service.binary != Binary.COMPUTE:
        return settings.XCOMPUTE_INTERNAL_SERVICE_AVAILABILITY_ZONE
    return zones.get(service.host, settings.XCOMPUTE_DEFAULT_AVAILABILITY_ZONE)


@dataclass
class Zone:
    name: str
    available: bool = False
    hosts: dict[str, dict[str, dict]] = field(default_factory=dict)


def describe(with_internal: bool) -> list[Zone]:
    """Every zone with a service, available first then not, each with its hosts' services (two queries)."""
    zones_by_host = zones_of_hosts()
    services = Service.objects.all() if with_internal else Service.objects.filter(binary=Binary.COMPUTE)
    zones: dict[str, Zone] = {}
    for service in services.order_by("host", "binary"):
        zone = zones.setdefault(zone_of_service(service, zones_by_host), Zone(zone_of_service(service, zones_by_host)))
        zone.available |= not service.disabled
        zone.hosts.setdefault(service.host, {})[service.binary] = {
            "available": health.is_up(service) and not service.disabled, "active": not service.disabled,
            "updated_at": service.updated_at}
    return sorted(zones.values(), key=lambda zone: (not zone.available, zone.name))


def available() -> set[str]:
    """Zones a server can be booted into: those with an enabled compute service, and always the default."""
    zones = {zone.name for zone in describe(with_internal=False) if zone.available}
    return zones | {settings.XCOMPUTE_DEFAULT_AVAILABILITY_ZONE}
