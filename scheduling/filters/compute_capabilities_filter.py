"""ComputeCapabilitiesFilter: flavor extra specs in the `capabilities:` scope against the node.

`capabilities:hypervisor_type=s== QEMU` or `capabilities:cpu_info:arch=x86_64`: the key after the
scope names a HostState attribute (or one of Nova's names for it, below), further parts walk into
mappings such as `cpu_info`; the value is compared with `extra_spec_ops.match`. As in Nova, a key
without a scope is checked only when the node has such an attribute, and keys in any other scope
(`hw:`, `trait:`, `resources:`, ...) are not this filter's business.
"""
from collections.abc import Mapping
from dataclasses import fields

from scheduling import extra_spec_ops
from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec

SCOPE = "capabilities"
# Nova's HostState attribute names that operators' flavors use, for ours.
_NOVA_NAMES = {
    "hypervisor_hostname": "nodename",
    "vcpus_total": "total_vcpus",
    "vcpus_used": "used_vcpus",
    "total_usable_ram_mb": "total_memory_mb",
    "free_ram_mb": "free_memory_mb",
}
_ATTRIBUTES = frozenset(f.name for f in fields(HostState)) | {"free_vcpus", "free_memory_mb", "free_disk_gb"}
_MISSING = object()


def _capability(host: HostState, path: list[str]):
    """The node's value at `path` (attribute, then mapping keys), or _MISSING."""
    if not _has_attribute(path[0]):
        return _MISSING
    value = getattr(host, _NOVA_NAMES.get(path[0], path[0]))
    for key in path[1:]:
        if not isinstance(value, Mapping):
            return _MISSING
        value = value.get(key, _MISSING)
    return _MISSING if value is None else value


def _has_attribute(name: str) -> bool:
    """Only data the node reports is a capability (not its methods)."""
    return _NOVA_NAMES.get(name, name) in _ATTRIBUTES


class ComputeCapabilitiesFilter(BaseHostFilter):
    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        for key, requirement in spec.flavor.extra_specs.items():
            path = key.split(":")
            if len(path) == 1 and not _has_attribute(key):
                continue
            if len(path) > 1:
                if path[0] != SCOPE:
                    continue
                path = path[1:]
            value = _capability(host, path)
            if value is _MISSING:
                return reject(f"has no capability '{':'.join(path)}'")
            if not extra_spec_ops.match(str(value), requirement):
                return reject(f"capability '{':'.join(path)}' is '{value}', which does not match '{requirement}'")
        return PASS
