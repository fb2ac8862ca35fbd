"""AggregateInstanceExtraSpecsFilter: flavor extra specs against the metadata of the node's aggregates.

Keys in the `aggregate_instance_extra_specs:` scope, and (as in Nova, deprecated there) keys with
no scope at all, must be present in the metadata of one of the host's aggregates with a value that
matches (`extra_spec_ops.match`); keys in any other scope are ignored. A flavor without extra
specs passes everywhere.
"""
from scheduling import extra_spec_ops
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec

SCOPE = "aggregate_instance_extra_specs"


class AggregateInstanceExtraSpecsFilter(BaseHostFilter):
    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        if not spec.flavor.extra_specs:
            return PASS
        metadata = host.aggregate_metadata()
        for key, requirement in spec.flavor.extra_specs.items():
            scope, _, name = key.partition(":")
            if not name:
                name = scope  # no scope: Nova's deprecated unscoped form
            elif scope != SCOPE:
                continue
            values = metadata.get(name)
            if not values:
                return reject(f"has no aggregate metadata '{name}'")
            if not any(extra_spec_ops.match(value, requirement) for value in values):
                shown = ", ".join(sorted(values))
                return reject(f"aggregate metadata '{name}' ({shown}) does not match '{requirement}'")
        return PASS
