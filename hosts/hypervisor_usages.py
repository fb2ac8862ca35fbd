"""What hypervisors have used, from Placement, and Nova's capacity fields computed from it.

Placement owns allocations, so used vCPU, RAM and disk are its usages of each node's resource
provider (`GET /resource_providers/{uuid}/usages`). Placement has no call that answers for many
providers at once (`GET /usages` sums by project), so a list asks once per node, concurrently:
a pool of at most WORKERS threads, each with its own PlacementClient because a requests.Session
is not meant to be shared between threads. A list of N nodes thus costs N small GETs but about
N / WORKERS round trips of latency. Totals are what the agent reported (the ComputeNode row).
"""
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import requests
from rest_framework import exceptions

from placement import client as placement_client

logger = logging.getLogger(__name__)

WORKERS = 8


class PlacementUnavailable(exceptions.APIException):
    """Used capacity cannot be shown without Placement; a 503 says so rather than guessing zero."""

    status_code = 503
    default_detail = "Placement is unavailable; hypervisor usage cannot be reported."


def with_usages(hypervisors, client_factory=None) -> list:
    """The hypervisors with their Placement usages filled in."""
    usages = fetch([hypervisor.node for hypervisor in hypervisors], client_factory)
    return [replace(hypervisor, usages=usages[str(hypervisor.node.uuid)]) for hypervisor in hypervisors]


def fetch(nodes, client_factory=None) -> dict[str, dict]:
    """Usages by resource class of each node's provider, keyed by node uuid."""
    uuids = [str(node.uuid) for node in nodes]
    factory = client_factory or placement_client.from_settings
    if len(uuids) <= 1:
        client = factory()
        return {provider: _usages(client, provider) for provider in uuids}
    local = threading.local()

    def usages_of(provider):
        if not hasattr(local, "client"):
            local.client = factory()
        return _usages(local.client, provider)

    with ThreadPoolExecutor(max_workers=min(WORKERS, len(uuids)), thread_name_prefix="usages") as pool:
        return dict(zip(uuids, pool.map(usages_of, uuids), strict=True))


def _usages(client, provider: str) -> dict:
    """A provider Placement does not know yet (its agent has not reported) has used nothing."""
    try:
        return client.request("GET", f"/resource_providers/{provider}/usages")["usages"]
    except placement_client.PlacementClientError as error:
        if error.status_code == 404:
            return {}
        logger.warning("usages of provider %s: %s", provider, error)
        raise PlacementUnavailable() from error
    except requests.RequestException as error:
        logger.warning("usages of provider %s: placement unreachable: %s", provider, error)
        raise PlacementUnavailable() from error


def capacity(node, usages: dict) -> dict:
    """Nova's capacity fields of a node.

    As Nova's resource tracker does, the host's reserved RAM and disk count as used (a fresh host
    shows its reserved memory in memory_mb_used); reserved CPUs do not. disk_available_least is
    the free disk: nothing here measures sparse-file overcommit, which is all Nova subtracts.
    """
    def reserved(resource_class):
        return int(node.inventory.get(resource_class, {}).get("reserved", 0))

    memory_mb_used = int(usages.get("MEMORY_MB", 0)) + reserved("MEMORY_MB")
    local_gb_used = int(usages.get("DISK_GB", 0)) + reserved("DISK_GB")
    free_disk_gb = node.local_gb - local_gb_used
    return {
        "vcpus": node.vcpus, "memory_mb": node.memory_mb, "local_gb": node.local_gb,
        "vcpus_used": int(usages.get("VCPU", 0)), "memory_mb_used": memory_mb_used, "local_gb_used": local_gb_used,
        "free_ram_mb": node.memory_mb - memory_mb_used, "free_disk_gb": free_disk_gb,
        "disk_available_least": free_disk_gb,
    }


STATISTICS_FIELDS = ("vcpus", "memory_mb", "local_gb", "vcpus_used", "memory_mb_used", "local_gb_used",
                     "free_ram_mb", "free_disk_gb", "current_workload", "running_vms", "disk_available_least")


def statistics(hypervisors, client_factory=None) -> dict:
    """Nova's hypervisor_statistics: sums over the hypervisors of enabled nova-compute services."""
    totals = dict.fromkeys(STATISTICS_FIELDS, 0)
    counted = with_usages([hypervisor for hypervisor in hypervisors if not hypervisor.service.disabled],
                          client_factory)
    for hypervisor in counted:
        values = {**capacity(hypervisor.node, hypervisor.usages), "running_vms": hypervisor.load.running_vms,
                  "current_workload": hypervisor.load.current_workload}
        for name in STATISTICS_FIELDS:
            totals[name] += values[name]
    return {"count": len(counted), **totals}
