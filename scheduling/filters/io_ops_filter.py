"""IoOpsFilter: a node with `max_io_ops_per_host` I/O-heavy operations under way takes no new build.

Builds, resizes, rebuilds, snapshots, shelving and the like copy images and disks; piling more of
them on one node slows all of them down. `HostState.num_io_ops` counts the node's instances in those
states; the limit is XCOMPUTE_MAX_IO_OPS_PER_HOST (Nova's max_io_ops_per_host, default 8).
"""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec

DEFAULT_MAX_IO_OPS_PER_HOST = 8


class IoOpsFilter(BaseHostFilter):
    # Each instance placed earlier in the same request is one more build on its node.
    run_filter_once_per_request = False

    def __init__(self, max_io_ops_per_host: int = DEFAULT_MAX_IO_OPS_PER_HOST):
        self.max_io_ops_per_host = max_io_ops_per_host

    @classmethod
    def from_config(cls, config) -> "IoOpsFilter":
        return cls(config.max_io_ops_per_host)

    def limit(self, host: HostState) -> int:
        """The most I/O-heavy operations `host` may run at once; the aggregate variant reads metadata."""
        return self.max_io_ops_per_host

    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        limit = self.limit(host)
        if host.num_io_ops < limit:
            return PASS
        noun = "operation" if host.num_io_ops == 1 else "operations"
        return reject(f"has {host.num_io_ops} I/O-heavy {noun} under way, the limit is {limit}")
