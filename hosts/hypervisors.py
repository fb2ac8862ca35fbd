"""Hypervisors as os-hypervisors shows them: compute nodes joined to their nova-compute service.

Every read here costs a constant number of queries whatever the number of nodes: the nodes, their
services (one query by host), their instances (one grouped query), their servers (one query).
Used capacity is Placement's (see `hosts.hypervisor_usages`), totals are what the agent reported.
"""
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from rest_framework import exceptions

from hosts.choices import Binary
from hosts.models import ComputeNode, Service
from instances.models import Instance


@dataclass(frozen=True)
class Load:
    """Nova's resource-tracker counts: instances on the node, and those with a task under way."""

    running_vms: int = 0
    current_workload: int = 0


@dataclass(frozen=True)
class Hypervisor:
    """One compute node with what the API renders besides its row."""

    node: ComputeNode
    service: Service
    load: Load = Load()
    usages: dict = field(default_factory=dict)  # Placement usages by resource class
    servers: tuple = ()  # (uuid, name) pairs when asked for


class MarkerNotFound(Exception):
    pass


def page(limit: int | None = None, marker: str | None = None) -> list[ComputeNode]:
    """Nodes in id order after `marker` (a node uuid, or its integer id as before 2.53)."""
    queryset = ComputeNode.objects.order_by("id")
    if marker is not None:
        queryset = queryset.filter(id__gt=_marker_id(marker))
    return list(queryset[:limit] if limit is not None else queryset)


def _marker_id(marker: str) -> int:
    """Nova takes a uuid-looking marker as a node uuid at any microversion, anything else as an id."""
    try:
        key = {"uuid": uuid.UUID(marker)}
    except ValueError:
        if not marker.isdigit():
            raise MarkerNotFound(marker) from None
        key = {"id": int(marker)}
    found = ComputeNode.objects.filter(**key).values_list("id", flat=True).first()
    if found is None:
        raise MarkerNotFound(marker)
    return found


def matching(pattern: str) -> list[ComputeNode]:
    """Nodes whose hypervisor_hostname contains `pattern` (Nova's LIKE, case-insensitive as on MySQL)."""
    nodes = list(ComputeNode.objects.filter(hypervisor_hostname__icontains=pattern).order_by("id"))
    if not nodes:
        raise exceptions.NotFound(f"No hypervisor matching '{pattern}' could be found.")
    return nodes


def get(hypervisor_id: str, *, by_uuid: bool) -> ComputeNode:
    """One node by uuid (from 2.53) or integer id; Nova's 404 wording for anything else."""
    not_found = exceptions.NotFound(f"Hypervisor with ID '{hypervisor_id}' could not be found.")
    if by_uuid:
        try:
            key = {"uuid": uuid.UUID(hypervisor_id)}
        except ValueError:
            raise exceptions.ValidationError({"detail": f"Invalid uuid {hypervisor_id}"}) from None
    elif hypervisor_id.isdigit():
        key = {"id": int(hypervisor_id)}
    else:
        raise not_found
    node = ComputeNode.objects.filter(**key).first()
    if node is None:
        raise not_found
    return node


def assemble(nodes, *, load=False, servers=False) -> list[Hypervisor]:
    """Join `nodes` to their services and, when asked, their instance counts and servers.

    Nodes whose nova-compute service is gone are left out, as Nova leaves them out: deleting a
    service does not delete its nodes.
    """
    hosts = {node.host for node in nodes}
    by_host = {s.host: s for s in Service.objects.filter(host__in=hosts, binary=Binary.COMPUTE)}
    loads = _loads(hosts) if load else {}
    hosted = _servers(hosts) if servers else {}
    return [Hypervisor(node, by_host[node.host], loads.get(_key(node), Load()), servers=tuple(hosted.get(_key(node), ())))
            for node in nodes if node.host in by_host]


def _key(node) -> tuple[str, str]:
    return node.host, node.hypervisor_hostname


def _live_instances(hosts):
    return Instance.objects.filter(host__in=hosts, deleted_at__isnull=True)


def _loads(hosts) -> dict[tuple[str, str], Load]:
    """One grouped query: instances per (host, node), and those with a task state (Nova's workload)."""
    rows = (_live_instances(hosts).values("host", "node")
            .annotate(running=Count("id"), busy=Count("id", filter=Q(task_state__isnull=False))))
    return {(row["host"], row["node"]): Load(row["running"], row["busy"]) for row in rows}


def _servers(hosts) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Non-deleted servers per (host, node) in creation order, as (uuid, Nova's instance name)."""
    result = defaultdict(list)
    for instance in _live_instances(hosts).order_by("created_at", "id").only("uuid", "host", "node"):
        result[(instance.host, instance.node)].append((str(instance.uuid), instance.name))
    return result
