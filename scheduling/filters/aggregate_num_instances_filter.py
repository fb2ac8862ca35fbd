"""AggregateNumInstancesFilter: NumInstancesFilter with the limit set per host aggregate.

The `max_instances_per_host` metadata of the node's aggregates (the smallest value when several set
it) replaces XCOMPUTE_MAX_INSTANCES_PER_HOST; nodes in no such aggregate, or whose value is not a
whole number, keep the setting. Enable it instead of NumInstancesFilter, not beside it.
"""
from scheduling.filters.num_instances_filter import NumInstancesFilter
from scheduling.host_state import HostState

METADATA_KEY = "max_instances_per_host"


class AggregateNumInstancesFilter(NumInstancesFilter):
    def limit(self, host: HostState) -> int:
        return host.aggregate_minimum(METADATA_KEY, self.max_instances_per_host)
