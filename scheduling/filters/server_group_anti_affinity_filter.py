"""ServerGroupAntiAffinityFilter: members of an `anti-affinity` group spread over hosts.

A host passes while it runs fewer members than the group's `max_server_per_host` rule
(microversion 2.64; 1 without the rule). Members placed earlier in the same multi-create count.
"""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec


class ServerGroupAntiAffinityFilter(BaseHostFilter):
    # Where the previous instance of this request went changes the answer for the next.
    run_filter_once_per_request = False

    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        group = spec.server_group
        if group is None or group.policy != "anti-affinity":
            return PASS
        members, limit = group.members_on(host.host), group.max_server_per_host
        if members < limit:
            return PASS
        return reject(f"already runs {members} member(s) of anti-affinity group {group.uuid} "
                      f"(max_server_per_host {limit})")
