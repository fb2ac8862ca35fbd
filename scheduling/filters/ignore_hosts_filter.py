"""IgnoreHostsFilter: a reschedule never returns to a host an earlier attempt already tried.

Nova's RetryFilter behaviour, fed by `RequestSpec.ignore_hosts`. The scheduler always runs it
first, whatever XCOMPUTE_SCHEDULER_FILTERS says, as Nova's host manager strips ignored hosts.
"""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec


class IgnoreHostsFilter(BaseHostFilter):
    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        if host.host in spec.ignore_hosts:
            return reject("was already tried for this request")
        return PASS
