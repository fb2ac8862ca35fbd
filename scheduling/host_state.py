"""One candidate compute node as the filters and weighers see it: a frozen snapshot.

The boot chain builds one `HostState` per allocation candidate with `HostState.from_placement`,
from the candidate's Placement provider summary plus what only the compute database knows
(service health, host aggregates, instance and I/O operation counts, failed builds, hypervisor
capabilities). Multi-instance requests consume resources in copies (`consume`), never in place.

Capacities are Placement's: `total_*` is `(total - reserved) * allocation_ratio` and `used_*` the
sum of allocations, so `free_*` is what can still be claimed. Nova's RAM and disk weighers weigh
physical free space instead; with equal allocation ratios across hosts the order is the same.
"""
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

logger = logging.getLogger(__name__)

DISABLED_TRAIT = "COMPUTE_STATUS_DISABLED"
AZ_METADATA_KEY = "availability_zone"


class HostAggregate(NamedTuple):
    """A host aggregate the host belongs to: `(name, metadata)`; a plain pair works too."""

    name: str
    metadata: Mapping[str, str]


@dataclass(frozen=True)
class HostState:
    """What the scheduler knows about one compute node (one Placement root provider)."""

    host: str
    nodename: str
    provider_uuid: str
    availability_zone: str
    service_up: bool = True
    service_disabled: bool = False
    disabled_reason: str = ""
    total_vcpus: int = 0
    used_vcpus: int = 0
    total_memory_mb: int = 0
    used_memory_mb: int = 0
    total_disk_gb: int = 0
    used_disk_gb: int = 0
    cpu_allocation_ratio: float = 1.0
    ram_allocation_ratio: float = 1.0
    disk_allocation_ratio: float = 1.0
    aggregates: tuple[HostAggregate, ...] = ()
    num_instances: int = 0
    # Instances on the node in an I/O-heavy state (building, resizing, snapshotting, ...), as Nova's
    # compute stats count them; and the node's consecutive failed builds (reset by a success).
    num_io_ops: int = 0
    failed_builds: int = 0
    hypervisor_type: str = "QEMU"
    hypervisor_version: int = 0
    cpu_arch: str = "x86_64"
    # (architecture, hypervisor type, vm mode) triples the host can run, as Nova's libvirt driver
    # reports them; empty means the one triple implied by cpu_arch and hypervisor_type.
    supported_instances: tuple[tuple[str, str, str], ...] = ()
    cpu_info: Mapping[str, Any] = field(default_factory=dict)
    traits: frozenset[str] = frozenset()

    def __post_init__(self):
        aggregates = tuple(HostAggregate(name, dict(metadata)) for name, metadata in self.aggregates)
        object.__setattr__(self, "aggregates", aggregates)
        object.__setattr__(self, "traits", frozenset(self.traits))
        object.__setattr__(self, "cpu_info", dict(self.cpu_info) or {"arch": self.cpu_arch})
        triples = tuple(tuple(triple) for triple in self.supported_instances) or (
            (self.cpu_arch, self.hypervisor_type.lower(), "hvm"),)
        object.__setattr__(self, "supported_instances", triples)

    @property
    def free_vcpus(self) -> int:
        return self.total_vcpus - self.used_vcpus

    @property
    def free_memory_mb(self) -> int:
        return self.total_memory_mb - self.used_memory_mb

    @property
    def free_disk_gb(self) -> int:
        return self.total_disk_gb - self.used_disk_gb

    @property
    def label(self) -> str:
        """How explanations name the node: the host, plus the node name when it differs."""
        return self.host if self.nodename == self.host else f"{self.host} ({self.nodename})"

    def aggregate_metadata(self) -> dict[str, set[str]]:
        """Each metadata key of the host's aggregates with every value it takes across them."""
        values: dict[str, set[str]] = {}
        for aggregate in self.aggregates:
            for key, value in aggregate.metadata.items():
                values.setdefault(key, set()).add(value)
        return values

    def aggregate_metadata_items(self) -> dict[str, set[str]]:
        """Like `aggregate_metadata`, with comma-separated values split (Nova's aggregate_metadata_get_by_host)."""
        values: dict[str, set[str]] = {}
        for key, found in self.aggregate_metadata().items():
            values[key] = {item.strip() for value in found for item in value.split(",")}
        return values

    def aggregate_minimum(self, key: str, default: int) -> int:
        """The smallest whole-number value of metadata `key` across the host's aggregates, else `default`.

        Nova's per-aggregate limits: several aggregates may set the key, the strictest wins; a value
        that is not a number is logged and the configured default applies instead.
        """
        values = self.aggregate_metadata().get(key)
        if not values:
            return default
        try:
            return min(int(value) for value in values)
        except ValueError:
            logger.warning("aggregate metadata %s=%s of host %s is not a whole number; using %s", key,
                           sorted(values), self.host, default)
            return default

    def fits(self, resources: Mapping[str, int]) -> bool:
        """Whether VCPU, MEMORY_MB and DISK_GB amounts still fit in what is free."""
        return (resources.get("VCPU", 0) <= self.free_vcpus
                and resources.get("MEMORY_MB", 0) <= self.free_memory_mb
                and resources.get("DISK_GB", 0) <= self.free_disk_gb)

    def consume(self, resources: Mapping[str, int]) -> "HostState":
        """This node after one more instance took `resources` (Nova's consume_from_request)."""
        return replace(
            self,
            used_vcpus=self.used_vcpus + resources.get("VCPU", 0),
            used_memory_mb=self.used_memory_mb + resources.get("MEMORY_MB", 0),
            used_disk_gb=self.used_disk_gb + resources.get("DISK_GB", 0),
            num_instances=self.num_instances + 1,
            num_io_ops=self.num_io_ops + 1,  # the new instance is building there, as Nova counts it
        )

    @classmethod
    def from_placement(cls, summary: Mapping, *, host: str, provider_uuid: str, nodename: str | None = None,
                       availability_zone: str | None = None, default_availability_zone: str | None = None,
                       allocation_ratios: Mapping[str, float] | None = None,
                       aggregates=(), service_disabled: bool | None = None, **fields) -> "HostState":
        """Build from one `provider_summaries` entry of GET /allocation_candidates (1.29+).

        `summary["resources"][CLASS]` gives `capacity` and `used`; `summary["traits"]` the traits.
        The zone, when not given, is the `availability_zone` metadata of the host's aggregates,
        else `default_availability_zone` (XCOMPUTE_DEFAULT_AVAILABILITY_ZONE when None).
        `allocation_ratios` are the inventories' ratios by class, kept for capabilities.
        `service_disabled` defaults to whether the provider has COMPUTE_STATUS_DISABLED. Any other
        HostState field (service_up, num_instances, hypervisor_type, cpu_arch, ...) goes in `fields`.
        """
        resources = summary.get("resources", {})
        traits = frozenset(summary.get("traits", ()))
        aggregates = tuple(HostAggregate(name, dict(metadata)) for name, metadata in aggregates)
        ratios = allocation_ratios or {}
        return cls(
            host=host, nodename=nodename or host, provider_uuid=provider_uuid,
            availability_zone=availability_zone or _zone_of(aggregates, default_availability_zone),
            service_disabled=DISABLED_TRAIT in traits if service_disabled is None else service_disabled,
            total_vcpus=_amount(resources, "VCPU", "capacity"), used_vcpus=_amount(resources, "VCPU", "used"),
            total_memory_mb=_amount(resources, "MEMORY_MB", "capacity"),
            used_memory_mb=_amount(resources, "MEMORY_MB", "used"),
            total_disk_gb=_amount(resources, "DISK_GB", "capacity"),
            used_disk_gb=_amount(resources, "DISK_GB", "used"),
            cpu_allocation_ratio=float(ratios.get("VCPU", 1.0)),
            ram_allocation_ratio=float(ratios.get("MEMORY_MB", 1.0)),
            disk_allocation_ratio=float(ratios.get("DISK_GB", 1.0)),
            aggregates=aggregates, traits=traits, **fields,
        )


def _amount(resources: Mapping, resource_class: str, key: str) -> int:
    return int(resources.get(resource_class, {}).get(key, 0))


def _zone_of(aggregates: tuple[HostAggregate, ...], default: str | None) -> str:
    """Nova's rule: the zone of the host's aggregates, else the default zone (read when called)."""
    zones = sorted({a.metadata[AZ_METADATA_KEY] for a in aggregates if a.metadata.get(AZ_METADATA_KEY)})
    if len(zones) > 1:
        # Nova refuses to put a host in two zones; if it happens anyway, be deterministic and say so.
        logger.warning("host aggregates put one host in several zones %s; using %s", zones, zones[0])
    if zones:
        return zones[0]
    if default is None:
        from django.conf import settings

        default = settings.XCOMPUTE_DEFAULT_AVAILABILITY_ZONE
    return default
