"""DifferentHostFilter: with the `different_host` hint, only hosts running none of the named instances.

The hinted instances' hosts come from `RequestSpec.hinted_instance_hosts`, resolved by the caller
(see scheduling.request_spec).
"""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec


class DifferentHostFilter(BaseHostFilter):
    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        if any(spec.hinted_instance_hosts.get(uuid) == host.host for uuid in spec.hint_values("different_host")):
            return reject("runs an instance named by the different_host hint")
        return PASS
