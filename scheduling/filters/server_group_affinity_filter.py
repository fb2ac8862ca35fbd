"""ServerGroupAffinityFilter: members of an `affinity` group all go to one host.

Once any member has a host (including one placed earlier in the same multi-create), only hosts
already running members pass; the first member may go anywhere.
"""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec


class ServerGroupAffinityFilter(BaseHostFilter):
    # Where the previous instance of this request went changes the answer for the next.
    run_filter_once_per_request = False

    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        group = spec.server_group
        if group is None or group.policy != "affinity" or not group.members_hosts:
            return PASS
        if group.members_on(host.host):
            return PASS
        return reject(f"runs no member of affinity group {group.uuid}")
