"""ComputeFilter: only nodes whose nova-compute service is enabled and up."""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec


class ComputeFilter(BaseHostFilter):
    """A disabled service takes no new instances; a down one could not build them."""

    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        if host.service_disabled:
            suffix = f" ({host.disabled_reason})" if host.disabled_reason else ""
            return reject(f"compute service is disabled{suffix}")
        if not host.service_up:
            return reject("compute service is down")
        return PASS
