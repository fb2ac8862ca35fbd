"""AggregateIoOpsFilter: IoOpsFilter with the limit set per host aggregate.

The `max_io_ops_per_host` metadata of the node's aggregates (the smallest value when several set it)
replaces XCOMPUTE_MAX_IO_OPS_PER_HOST; nodes in no such aggregate, or whose value is not a whole
number, keep the setting. Enable it instead of IoOpsFilter, not beside it.
"""
from scheduling.filters.io_ops_filter import IoOpsFilter
from scheduling.host_state import HostState

METADATA_KEY = "max_io_ops_per_host"


class AggregateIoOpsFilter(IoOpsFilter):
    def limit(self, host: HostState) -> int:
        return host.aggregate_minimum(METADATA_KEY, self.max_io_ops_per_host)
