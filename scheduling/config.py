"""The scheduler's configuration as one frozen value, read from settings when a request is scheduled.

Tests and callers can build a `SchedulerConfig` directly; `from_settings()` is the only place that
reads the XCOMPUTE_SCHEDULER_*, *_WEIGHT_MULTIPLIER and XCOMPUTE_MAX_*_PER_HOST settings (never at
import time); filters with a limit take it from here (`BaseHostFilter.from_config`).
"""
from collections.abc import Mapping
from dataclasses import dataclass, field

from scheduling import registry


@dataclass(frozen=True)
class SchedulerConfig:
    """Filter and weigher names in order, multipliers by weigher name, limits, retry/subset sizes."""

    filters: tuple[str, ...] = registry.DEFAULT_FILTERS
    weighers: tuple[str, ...] = registry.DEFAULT_WEIGHERS
    multipliers: Mapping[str, float] = field(default_factory=dict)
    max_attempts: int = 3
    host_subset_size: int = 1
    max_instances_per_host: int = 50  # NumInstancesFilter (Nova's default)
    max_io_ops_per_host: int = 8  # IoOpsFilter (Nova's default)
    # AggregateImagePropertiesIsolation: the metadata namespace that counts ("" for every key).
    isolation_namespace: str = ""
    isolation_separator: str = "."

    @classmethod
    def from_settings(cls) -> "SchedulerConfig":
        from django.conf import settings

        return cls(
            filters=tuple(settings.XCOMPUTE_SCHEDULER_FILTERS),
            weighers=tuple(settings.XCOMPUTE_SCHEDULER_WEIGHERS),
            multipliers={name: float(getattr(settings, weigher.multiplier_setting))
                         for name, weigher in registry.WEIGHERS.items()},
            max_attempts=settings.XCOMPUTE_SCHEDULER_MAX_ATTEMPTS,
            host_subset_size=settings.XCOMPUTE_SCHEDULER_HOST_SUBSET_SIZE,
            max_instances_per_host=settings.XCOMPUTE_MAX_INSTANCES_PER_HOST,
            max_io_ops_per_host=settings.XCOMPUTE_MAX_IO_OPS_PER_HOST,
            isolation_namespace=settings.XCOMPUTE_AGGREGATE_IMAGE_PROPERTIES_ISOLATION_NAMESPACE,
            isolation_separator=settings.XCOMPUTE_AGGREGATE_IMAGE_PROPERTIES_ISOLATION_SEPARATOR,
        )
