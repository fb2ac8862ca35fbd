"""AggregateMultiTenancyIsolation: hosts in aggregates with `filter_tenant_id` take only those projects.

The metadata value lists project ids separated by commas; keys that start with `filter_tenant_id`
(`filter_tenant_id2`, ...) add more, as Nova allows for lists longer than one value holds. Hosts in
no such aggregate take every project; Nova's semantics, where other projects may still use the
tenant's hosts unless Placement's tenant prefilter is also used.
"""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec

KEY = "filter_tenant_id"


class AggregateMultiTenancyIsolation(BaseHostFilter):
    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        allowed = {tenant for key, values in host.aggregate_metadata_items().items() if key.startswith(KEY)
                   for tenant in values if tenant}
        if not allowed or spec.project_id in allowed:
            return PASS
        return reject(f"is reserved by its aggregates ({KEY}) for other projects")
