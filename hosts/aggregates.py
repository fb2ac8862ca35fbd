"""Host aggregates with Nova's rules: unique names, compute hosts only, one availability zone per host.

The API calls these; each change of membership or metadata is mirrored into Placement after the
transaction commits (`hosts.aggregate_sync`, run by the conductor, which retries while Placement is
away), so providers carry the aggregate's uuid and, when the metadata sets them, its allocation ratios.
Refusals are Nova's: 404 for unknown aggregates and hosts, 409 for a taken name or a host that would
end up in two zones when it is added, 400 for the same zone conflict on an update or metadata change
and for deleting an aggregate that still has hosts.
"""
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import exceptions, status

from hosts.choices import Binary
from hosts.models import Aggregate, AggregateHost, Service

logger = logging.getLogger(__name__)

AZ_KEY = "availability_zone"
UNSET = object()


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT


class ZoneConflict(Exception):
    """A change would put a host in two zones; the caller picks Nova's status for its action."""


def get(aggregate_id) -> Aggregate:
    """The aggregate of this integer id (as Nova's URLs carry it); anything else is a 404."""
    aggregate = None
    if str(aggregate_id).isdigit():
        aggregate = Aggregate.objects.filter(id=int(aggregate_id)).prefetch_related("hosts").first()
    if aggregate is None:
        raise exceptions.NotFound(f"Aggregate {aggregate_id} could not be found.")
    return aggregate


def hosts_of(aggregate: Aggregate) -> list[str]:
    return [member.host for member in aggregate.hosts.all()]


@transaction.atomic
def create(name: str, zone: str | None = None) -> Aggregate:
    _check_zone_name(zone, name)
    try:
        with transaction.atomic():
            aggregate = Aggregate.objects.create(name=name, metadata={AZ_KEY: zone} if zone else {})
    except IntegrityError:
        raise Conflict(f"Aggregate {name} already exists.") from None
    logger.info("aggregate %s (%s) created in zone %s", aggregate.id, name, zone)
    return aggregate


@transaction.atomic
def update(aggregate: Aggregate, name: str | None = None, zone=UNSET) -> Aggregate:
    """Rename, or change the zone (None leaves the zone); 409 for a taken name, 400 for a zone conflict."""
    if name is not None and Aggregate.objects.filter(name=name).exclude(id=aggregate.id).exists():
        raise Conflict(f"Aggregate {name} already exists.")
    if zone is not UNSET and zone is not None:
        _check_zone_name(zone, aggregate.name)
        _refuse(lambda: _check_zone(aggregate, hosts_of(aggregate), zone), "update", aggregate, 400)
        aggregate.metadata = {**aggregate.metadata, AZ_KEY: zone}
    if name is not None:
        aggregate.name = name
    aggregate.updated_at = timezone.now()
    aggregate.save()
    _mirror(hosts_of(aggregate))
    return aggregate


@transaction.atomic
def delete(aggregate: Aggregate) -> None:
    if aggregate.hosts.exists():
        raise exceptions.ValidationError({"detail": f"Cannot remove aggregate {aggregate.id}. "
                                                    "Reason: Host aggregate is not empty."})
    logger.info("aggregate %s (%s) deleted", aggregate.id, aggregate.name)
    aggregate.delete()


@transaction.atomic
def add_host(aggregate: Aggregate, host: str) -> Aggregate:
    """Add a compute host: 404 when it is none, 409 when it is there already or sits in another zone."""
    aggregate = Aggregate.objects.select_for_update().get(id=aggregate.id)
    if not Service.objects.filter(binary=Binary.COMPUTE, host=host).exists():
        raise exceptions.NotFound(f"Compute host {host} could not be found.")
    if AggregateHost.objects.filter(aggregate=aggregate, host=host).exists():
        raise Conflict(f"Aggregate {aggregate.id} already has host {host}.")
    if aggregate.availability_zone:
        _refuse(lambda: _check_zone(aggregate, [host], aggregate.availability_zone), "add", aggregate, 409)
    AggregateHost.objects.create(aggregate=aggregate, host=host)
    _touch(aggregate)
    _mirror([host])
    logger.info("host %s added to aggregate %s (%s)", host, aggregate.id, aggregate.name)
    return get(aggregate.id)


@transaction.atomic
def remove_host(aggregate: Aggregate, host: str) -> Aggregate:
    if not Service.objects.filter(binary=Binary.COMPUTE, host=host).exists():
        raise exceptions.NotFound(f"Compute host {host} could not be found.")
    removed, _ = AggregateHost.objects.filter(aggregate=aggregate, host=host).delete()
    if not removed:
        raise exceptions.NotFound(f"Cannot remove host {host} in aggregate {aggregate.id}")
    _touch(aggregate)
    _mirror([host])
    logger.info("host %s removed from aggregate %s (%s)", host, aggregate.id, aggregate.name)
    return get(aggregate.id)


@transaction.atomic
def set_metadata(aggregate: Aggregate, metadata: dict) -> Aggregate:
    """Nova's set_metadata: keys with a null value are removed, the others set; 400 for a zone conflict."""
    aggregate = Aggregate.objects.select_for_update().get(id=aggregate.id)
    if AZ_KEY in metadata and metadata[AZ_KEY] is not None:
        zone = metadata[AZ_KEY]
        _check_zone_name(zone, aggregate.name, action="update_meta", aggregate_id=aggregate.id)
        _refuse(lambda: _check_zone(aggregate, hosts_of(aggregate), zone), "update_meta", aggregate, 400)
    merged = dict(aggregate.metadata)
    for key, value in metadata.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    aggregate.metadata = merged
    aggregate.updated_at = timezone.now()
    aggregate.save(update_fields=["metadata", "updated_at"])
    _mirror(hosts_of(aggregate))
    return get(aggregate.id)


_ACTIONS = {"add": "Cannot add host to aggregate {id}. Reason: {reason}.",
            "update": "Cannot update aggregate {id}. Reason: {reason}.",
            "update_meta": "Cannot update metadata of aggregate {id}. Reason: {reason}."}


def _refuse(check, action: str, aggregate: Aggregate, status_code: int) -> None:
    try:
        check()
    except ZoneConflict as conflict:
        message = _ACTIONS[action].format(id=aggregate.id, reason=conflict)
        raise (Conflict(message) if status_code == 409 else exceptions.ValidationError({"detail": message})) from None


def _check_zone(aggregate: Aggregate, hosts: list[str], zone: str) -> None:
    """Nova's is_safe_to_update_az: no host of `hosts` may be in another aggregate with another zone."""
    others = (Aggregate.objects.filter(hosts__host__in=hosts, metadata__has_key=AZ_KEY)
              .exclude(id=aggregate.id).distinct())
    conflicting = sorted({other.availability_zone for other in others if other.availability_zone != zone})
    if conflicting:
        raise ZoneConflict(f"One or more hosts already in availability zone(s) {conflicting}")


def _check_zone_name(zone, name, action=None, aggregate_id=None) -> None:
    """Zones are named, and never with ':' (the server-create syntax az:host:node splits on it)."""
    if zone is None:
        return
    reason = None
    if not zone:
        reason = f"Aggregate {name} does not support empty named availability zone"
    elif ":" in zone:
        reason = "The availability zone name must not contain ':'"
    if reason:
        message = _ACTIONS[action].format(id=aggregate_id, reason=reason) if action else reason
        raise exceptions.ValidationError({"detail": message})


def _touch(aggregate: Aggregate) -> None:
    Aggregate.objects.filter(id=aggregate.id).update(updated_at=timezone.now())


def _mirror(hosts) -> None:
    """Once committed, have the conductor bring the hosts' providers in line (aggregates and ratios)."""
    from hosts.tasks import sync_host_aggregates  # tasks import the modules that import this one

    for host in sorted(set(hosts)):
        transaction.on_commit(lambda host=host: sync_host_aggregates.delay(host=host))


def of_hosts(hosts) -> dict[str, list[tuple[str, dict]]]:
    """(name, metadata) of each host's aggregates, for the scheduler's host states; one query."""
    found: dict[str, list[tuple[str, dict]]] = {}
    rows = AggregateHost.objects.filter(host__in=list(hosts)).order_by("aggregate_id")
    for host, name, metadata in rows.values_list("host", "aggregate__name", "aggregate__metadata"):
        found.setdefault(host, []).append((name, metadata))
    return found
