"""NumInstancesFilter: a node already running `max_instances_per_host` instances takes no more.

A cap on instances, whatever their size: it keeps the blast radius of one node's failure, and the
per-guest overhead Placement does not count, bounded. The limit is XCOMPUTE_MAX_INSTANCES_PER_HOST
(Nova's max_instances_per_host, default 50).
"""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec

DEFAULT_MAX_INSTANCES_PER_HOST = 50


class NumInstancesFilter(BaseHostFilter):
    # Instances placed earlier in the same request count, so the verdict can change between them.
    run_filter_once_per_request = False

    def __init__(self, max_instances_per_host: int = DEFAULT_MAX_INSTANCES_PER_HOST):
        self.max_instances_per_host = max_instances_per_host

    @classmethod
    def from_config(cls, config) -> "NumInstancesFilter":
        return cls(config.max_instances_per_host)

    def limit(self, host: HostState) -> int:
        """The most instances `host` may run; the aggregate variant lets metadata lower or raise it."""
        return self.max_instances_per_host

    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        limit = self.limit(host)
        if host.num_instances < limit:
            return PASS
        noun = "instance" if host.num_instances == 1 else "instances"
        return reject(f"runs {host.num_instances} {noun}, the limit is {limit}")
