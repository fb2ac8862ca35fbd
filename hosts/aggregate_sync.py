"""Host aggregates as Placement sees them: provider aggregates, and aggregate allocation ratios.

Run by the conductor (`conductor.sync_host_aggregates`, after each aggregate change, and from each
inventory report), which writes Placement only through its API. A host's compute-node providers are
made members of exactly the aggregates that hold the host (other provider aggregates, set by an
operator through Placement directly, are left alone), and their inventories take the
`cpu_allocation_ratio`, `ram_allocation_ratio` and `disk_allocation_ratio` metadata of those
aggregates over the ratios the agent reported (the smallest when several aggregates set one), so
Placement's claims, the one place capacity is enforced, honour them.
"""
import logging
from collections.abc import Iterable, Mapping

from hosts.models import Aggregate, AggregateHost, ComputeNode
from placement import client as placement_client

logger = logging.getLogger(__name__)

RATIO_KEYS = {"VCPU": "cpu_allocation_ratio", "MEMORY_MB": "ram_allocation_ratio",
              "DISK_GB": "disk_allocation_ratio"}


def ratio_overrides(metadatas: Iterable[Mapping[str, str]]) -> dict[str, float]:
    """Resource class -> the smallest valid positive ratio the aggregates' metadata set for it."""
    found: dict[str, float] = {}
    for metadata in metadatas:
        for resource_class, key in RATIO_KEYS.items():
            try:
                ratio = float(metadata[key])
            except (KeyError, ValueError):
                continue
            if ratio > 0:
                found[resource_class] = min(ratio, found.get(resource_class, ratio))
    return found


def effective_inventory(inventory: Mapping[str, dict], overrides: Mapping[str, float]) -> dict[str, dict]:
    """The reported inventory with the aggregates' ratios in place of the agent's."""
    return {resource_class: ({**fields, "allocation_ratio": overrides[resource_class]}
                             if resource_class in overrides else dict(fields))
            for resource_class, fields in inventory.items()}


def host_overrides(host: str) -> dict[str, float]:
    metadatas = Aggregate.objects.filter(hosts__host=host).values_list("metadata", flat=True)
    return ratio_overrides(metadatas)


def sync_host(host: str, client=None) -> None:
    """Bring the providers of `host`'s compute nodes in line with its aggregates (membership, ratios)."""
    client = client or placement_client.from_settings()
    member = {str(value) for value in AggregateHost.objects.filter(host=host)
              .values_list("aggregate__uuid", flat=True)}
    others = {str(value) for value in Aggregate.objects.values_list("uuid", flat=True)} - member
    overrides = host_overrides(host)
    for node in ComputeNode.objects.filter(host=host):
        client.set_aggregates(str(node.uuid), member, others)
        if node.inventory:
            client.set_inventory(str(node.uuid), effective_inventory(node.inventory, overrides))
    logger.info("host %s: providers in aggregates %s with ratio overrides %s", host, sorted(member) or "none",
                overrides or "none")
