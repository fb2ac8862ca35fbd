"""AggregateImagePropertiesIsolation: images whose properties an aggregate's metadata names go only
to hosts whose aggregates carry a matching value.

For every metadata key of the host's aggregates (only keys in the configured namespace,
`<namespace><separator>`, when one is set), an image that sets a property of that name must have one
of the values the aggregates give it (comma-separated values are several); an image without the
property passes. A host in no aggregate passes every image (Nova's semantics).
"""
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec


class AggregateImagePropertiesIsolation(BaseHostFilter):
    def __init__(self, namespace: str = "", separator: str = "."):
        self.prefix = f"{namespace}{separator}" if namespace else ""

    @classmethod
    def from_config(cls, config) -> "AggregateImagePropertiesIsolation":
        return cls(config.isolation_namespace, config.isolation_separator)

    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        for key, options in host.aggregate_metadata_items().items():
            if self.prefix and not key.startswith(self.prefix):
                continue
            value = spec.image_properties.get(key)
            if value and str(value) not in options:
                return reject(f"aggregate metadata '{key}' ({', '.join(sorted(options))}) does not allow image "
                              f"property {key}={value}")
        return PASS
