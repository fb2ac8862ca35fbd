"""Compute nodes as their agents report them, mirrored into Placement as resource providers.

The conductor runs these on the agents' behalf; Placement is changed only through its API.
"""
import logging

from hosts import aggregate_sync
from hosts.choices import Binary
from hosts.models import ComputeNode, Service
from placement import client as placement_client

logger = logging.getLogger(__name__)

COMPUTE_STATUS_DISABLED = "COMPUTE_STATUS_DISABLED"


def record_report(host: str, resources: dict, inventory: dict, client=None, initial_ratios=()) -> ComputeNode:
    """Store the node, make sure its provider exists, write its inventory, mirror the disabled switch.

    The allocation ratios of `initial_ratios` classes are only initial values: a provider that
    already has an inventory of the class keeps its ratio (Nova's initial_*_allocation_ratio).
    """
    client = client or placement_client.from_settings()
    node, created = ComputeNode.objects.update_or_create(
        hypervisor_hostname=resources["hypervisor_hostname"],
        defaults={"host": host, "hypervisor_type": resources["hypervisor_type"], "vcpus": resources["vcpus"],
                  "memory_mb": resources["memory_mb"], "local_gb": resources["disk_gb"], "inventory": inventory},
    )
    client.ensure_provider(str(node.uuid), node.hypervisor_hostname)
    # Aggregates may set the allocation ratios (hosts.aggregate_sync): a class they set is theirs, not an
    # initial value the provider keeps.
    overrides = aggregate_sync.host_overrides(host)
    effective = aggregate_sync.effective_inventory(inventory, overrides)
    written = client.set_inventory(str(node.uuid), effective,
                                   keep_ratios=[rc for rc in initial_ratios if rc not in overrides])
    if written and written.get("inventories") and written["inventories"] != effective:
        ComputeNode.objects.filter(pk=node.pk).update(inventory=written["inventories"])
    if created:
        logger.info("compute node %s of host %s registered as resource provider %s", node.hypervisor_hostname,
                    host, node.uuid)
        aggregate_sync.sync_host(host, client)
    client.set_traits(str(node.uuid), image_type_traits())
    sync_disabled_trait(host, client)
    return node


# The disk formats the libvirt driver boots (Nova's COMPUTE_IMAGE_TYPE_* capability traits), which the
# scheduler requires when XCOMPUTE_SCHEDULER_QUERY_PLACEMENT_FOR_IMAGE_TYPE_SUPPORT is on.
LIBVIRT_IMAGE_TYPES = ("AKI", "AMI", "ARI", "ISO", "QCOW2", "RAW")


def image_type_traits() -> set[str]:
    """The COMPUTE_IMAGE_TYPE_* traits of a node driven by libvirt (QEMU or KVM, real or simulated)."""
    return {f"COMPUTE_IMAGE_TYPE_{name}" for name in LIBVIRT_IMAGE_TYPES}


def sync_disabled_trait(host: str, client=None) -> None:
    """COMPUTE_STATUS_DISABLED on the host's providers exactly while its nova-compute is disabled."""
    client = client or placement_client.from_settings()
    disabled = Service.objects.filter(host=host, binary=Binary.COMPUTE, disabled=True).exists()
    for node in ComputeNode.objects.filter(host=host):
        client.set_trait(str(node.uuid), COMPUTE_STATUS_DISABLED, disabled)
