"""RequestedDestinationFilter: an admin's requested host or node (`az:host:node`) is the only choice.

Always run (after IgnoreHostsFilter), whatever XCOMPUTE_SCHEDULER_FILTERS says: a destination the
operator asked for is a restriction, not a preference.
"""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec


class RequestedDestinationFilter(BaseHostFilter):
    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        if spec.requested_host and host.host != spec.requested_host:
            return reject(f"is not the requested host '{spec.requested_host}'")
        if spec.requested_node and host.nodename != spec.requested_node:
            return reject(f"is not the requested node '{spec.requested_node}'")
        return PASS
