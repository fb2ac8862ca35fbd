"""SameHostFilter: with the `same_host` hint, only hosts running one of the named instances.

The hinted instances' hosts come from `RequestSpec.hinted_instance_hosts`, resolved by the caller
(see scheduling.request_spec).
"""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec


class SameHostFilter(BaseHostFilter):
    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        uuids = spec.hint_values("same_host")
        if not uuids:
            return PASS
        if any(spec.hinted_instance_hosts.get(uuid) == host.host for uuid in uuids):
            return PASS
        return reject("runs none of the instances named by the same_host hint")
