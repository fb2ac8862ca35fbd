"""The scheduler's whole step for one boot request: Placement's candidates, the filters and
weighers, then a claim per instance on its chosen host, falling back to the next-best host when
another request took the capacity first (Placement answers 409; nothing is ever overcommitted).

When nothing is left, the fault says what Placement excluded (disabled hosts, hosts without room or a
required trait), counted from the compute database, and then what each filter rejected.
"""
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from hosts import aggregates, health
from hosts.choices import Binary
from hosts.models import ComputeNode, Service
from instances.choices import TaskState, VmState
from instances.models import Instance
from placement import client as placement_client
from scheduling import placement_request, prefilters
from scheduling.explanation import PlacementPrefilter
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec
from scheduling.scheduler import select_hosts

logger = logging.getLogger(__name__)


# Nova's compute stats count an instance as an I/O-heavy operation on its host while it is building
# or in one of these task states (Nova's image_backup has no task state here).
IO_OPS_TASK_STATES = (TaskState.RESIZE_MIGRATING, TaskState.REBUILDING, TaskState.RESIZE_PREP,
                      TaskState.IMAGE_SNAPSHOT, TaskState.RESCUING, TaskState.UNSHELVING)


class NoValidHost(Exception):
    """No host can take the request: a short message for everyone, the whole explanation in `details`.

    `str(exc)` is the fault message (at most 255 characters); `details`, what admins see in the
    fault's details and the instance action event, defaults to the message.
    """

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.details = details or message

    def __reduce__(self):  # keep `details` across pickling (Celery may carry the exception)
        return type(self), (str(self), self.details)


@dataclass(frozen=True)
class Destination:
    """Where one instance was claimed, and the hosts left to try should its build fail there."""

    instance_uuid: str
    host: str
    nodename: str
    provider_uuid: str
    allocations: dict  # what was claimed in Placement: provider uuid -> {"resources": {...}}
    alternates: tuple[str, ...]
    # The host's zone when the request named none: the instance takes it, as Nova's conductor records it.
    availability_zone: str = ""

    def to_dict(self) -> dict:
        return {"instance_uuid": self.instance_uuid, "host": self.host, "nodename": self.nodename,
                "provider_uuid": self.provider_uuid, "allocations": self.allocations,
                "alternates": list(self.alternates), "availability_zone": self.availability_zone}


def select_destinations(spec: RequestSpec, client=None, config=None) -> list[Destination]:
    """A claimed destination per instance of `spec`, in its order; NoValidHost when there is none."""
    client = client or placement_client.from_settings()
    in_tree = _requested_tree(spec)
    steps = prefilters.for_spec(spec)
    query = placement_request.query(spec, in_tree=in_tree, limit=settings.XCOMPUTE_SCHEDULER_MAX_PLACEMENT_RESULTS,
                                    member_of=steps.member_of, required_traits=steps.required)
    body = client.allocation_candidates(query)
    requests = _requests_by_root(body)
    hosts = host_states(body["provider_summaries"], requests)
    selection = select_hosts(hosts, spec, config)
    if not selection.ok:
        message, details = selection.fault(_prefilter([host.provider_uuid for host in hosts], in_tree, steps))
        raise NoValidHost(message, details)
    return [_claim(spec, uuid, choices, requests, client)
            for uuid, choices in zip(spec.instance_uuids, selection.placements, strict=False)]


def _prefilter(returned: list[str], in_tree: str | None,
               steps: prefilters.Prefilters | None = None) -> PlacementPrefilter:
    """What Placement excluded, in one query: the nodes it could have returned, and the disabled ones.

    Placement forbids COMPUTE_STATUS_DISABLED, which mirrors a disabled nova-compute service, so a
    disabled node it did not return was excluded for that; the others it left out lacked room or a
    required trait. With a requested destination (`in_tree`) only that node could have come back.
    """
    nodes = ComputeNode.objects.all() if in_tree is None else ComputeNode.objects.filter(uuid=in_tree)
    disabled_hosts = Service.objects.filter(binary=Binary.COMPUTE, disabled=True).values("host")
    counts = nodes.aggregate(known=Count("id"), disabled=Count(
        "id", filter=Q(host__in=disabled_hosts) & ~Q(uuid__in=returned)))
    excluded = ()
    if steps and steps.steps:  # which of the others the zone and isolation prefilters kept out (one more query)
        disabled = set(Service.objects.filter(binary=Binary.COMPUTE, disabled=True).values_list("host", flat=True))
        excluded = steps.excluded(((str(uuid), host) for uuid, host in nodes.values_list("uuid", "host")),
                                  set(returned), disabled)
    return PlacementPrefilter(known=counts["known"], disabled=counts["disabled"], returned=len(returned),
                              excluded=excluded)


def _claim(spec, instance_uuid, choices, requests, client) -> Destination:
    for index, weighed in enumerate(choices):
        state = weighed.host_state
        allocations = requests[state.provider_uuid]
        if client.claim(instance_uuid, allocations, spec.project_id, spec.user_id):
            alternates = tuple(other.host_state.host for other in choices[index + 1:])
            return Destination(instance_uuid, state.host, state.nodename, state.provider_uuid, allocations,
                               alternates, "" if spec.availability_zone else state.availability_zone)
        logger.info("instance %s: capacity on %s was taken meanwhile; trying the next host", instance_uuid,
                    state.host)
    raise NoValidHost(f"No valid host was found. Every host that passed the filters ({len(choices)}) was "
                      f"filled by concurrent requests before instance {instance_uuid} could be claimed there.")


def _requests_by_root(body: dict) -> dict[str, dict]:
    """The first allocation request of each candidate tree, keyed by its root (the compute node)."""
    summaries = body["provider_summaries"]
    found = {}
    for request in body["allocation_requests"]:
        roots = {summaries[uuid].get("root_provider_uuid", uuid) for uuid in request["allocations"]}
        if len(roots) == 1:
            found.setdefault(roots.pop(), request["allocations"])
    return found


def _requested_tree(spec: RequestSpec) -> str | None:
    """The provider of the requested compute node (an admin's az:host:node), if one was asked for."""
    if not (spec.requested_host or spec.requested_node):
        return None
    nodes = ComputeNode.objects.all()
    if spec.requested_host:
        nodes = nodes.filter(host=spec.requested_host)
    if spec.requested_node:
        nodes = nodes.filter(hypervisor_hostname=spec.requested_node)
    node = nodes.order_by("id").first()
    if node is None:
        raise NoValidHost(f"No valid host was found. The requested destination "
                          f"{spec.requested_host or ''}:{spec.requested_node or ''} is not a known compute node.")
    return str(node.uuid)


def host_states(summaries: dict, requests: dict) -> list[HostState]:
    """A HostState per candidate compute node, with its service's health and load, in Placement's order.

    Four queries whatever the number of candidates: the compute nodes, their services, their hosts'
    aggregates (zone and metadata), and the instance and I/O operation counts of the nodes (grouped
    COUNTs over the live instances).
    """
    nodes = {str(node.uuid): node for node in ComputeNode.objects.filter(uuid__in=list(requests))}
    services = {service.host: service for service in
                Service.objects.filter(binary=Binary.COMPUTE, host__in={node.host for node in nodes.values()})}
    host_aggregates = aggregates.of_hosts({node.host for node in nodes.values()})
    loads = _loads([node.hypervisor_hostname for node in nodes.values()])
    states = []
    for provider_uuid in requests:
        node = nodes.get(provider_uuid)
        if node is None:  # a provider no agent reported (another deployment's): not ours to use
            continue
        service = services.get(node.host)
        num_instances, num_io_ops = loads.get(node.hypervisor_hostname, (0, 0))
        states.append(HostState.from_placement(
            summaries[provider_uuid], host=node.host, provider_uuid=provider_uuid,
            nodename=node.hypervisor_hostname, allocation_ratios=_ratios(node.inventory),
            service_up=bool(service) and health.is_up(service),
            service_disabled=bool(service) and service.disabled,
            disabled_reason=(service.disabled_reason or "") if service else "",
            hypervisor_type=node.hypervisor_type.upper() if node.hypervisor_type else "QEMU",
            num_instances=num_instances, num_io_ops=num_io_ops, failed_builds=node.failed_builds,
            aggregates=host_aggregates.get(node.host, ()),
        ))
    return states


def _loads(nodenames: list[str]) -> dict[str, tuple[int, int]]:
    """(instances, I/O-heavy operations) per node name, counting instances not deleted; one query."""
    io_ops = Q(vm_state=VmState.BUILDING) | Q(task_state__in=IO_OPS_TASK_STATES)
    rows = (Instance.objects.filter(node__in=nodenames, deleted_at__isnull=True).order_by().values("node")
            .annotate(instances=Count("id"), io_ops=Count("id", filter=io_ops)))
    return {row["node"]: (row["instances"], row["io_ops"]) for row in rows}


def _ratios(inventory: dict) -> dict[str, float]:
    return {name: float(fields.get("allocation_ratio", 1.0)) for name, fields in (inventory or {}).items()}


def release(instance_uuids: Iterable[str], client=None) -> None:
    """Free the claims of instances whose build will not go on (errors, deletes, reschedules)."""
    client = client or placement_client.from_settings()
    for uuid in instance_uuids:
        client.delete_allocations(str(uuid))
