"""AvailabilityZoneFilter: only nodes in the zone the request names (any zone when it names none)."""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec


class AvailabilityZoneFilter(BaseHostFilter):
    """The host's zone is resolved when its HostState is built (aggregate metadata, else the default)."""

    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        wanted = spec.availability_zone
        if not wanted or host.availability_zone == wanted:
            return PASS
        return reject(f"is in zone '{host.availability_zone}', not '{wanted}'")
