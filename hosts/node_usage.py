"""What the live instances on each compute node use, from their flavor snapshots, for the dashboard.

The API's os-hypervisors asks Placement (hosts.hypervisor_usages), one GET per node; the dashboard
reads the same figures from the instances in one query, so a page of nodes costs what one node costs.
"""
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce

from instances.models import Instance

# annotation -> the flavor snapshot's keys it sums
USED = {"used_vcpus": ("vcpus",), "used_memory_mb": ("memory_mb",), "used_disk_gb": ("root_gb", "ephemeral_gb")}


def _flavor_sum(keys):
    total = None
    for key in keys:
        term = Coalesce(Cast(KT(f"flavor__{key}"), IntegerField()), Value(0))
        total = term if total is None else total + term
    return Sum(total)


def live_instances():
    return Instance.objects.filter(deleted_at__isnull=True, host__isnull=False)


def _on_node(aggregate):
    rows = (live_instances().filter(host=OuterRef("host"), node=OuterRef("hypervisor_hostname"))
            .order_by().values("host").annotate(value=aggregate).values("value"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def annotate(nodes):
    """Nodes with used_vcpus, used_memory_mb, used_disk_gb and running_vms, in the nodes' one query."""
    used = {name: _on_node(_flavor_sum(keys)) for name, keys in USED.items()}
    return nodes.annotate(running_vms=_on_node(Count("id")), **used)


def cluster_used() -> dict:
    """Used vCPU, RAM and disk of every live instance on a host, in one query."""
    used = live_instances().aggregate(**{name: _flavor_sum(keys) for name, keys in USED.items()})
    return {name: value or 0 for name, value in used.items()}
