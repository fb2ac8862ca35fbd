"""ImagePropertiesFilter: only nodes that can run the image's architecture, hypervisor and VM mode.

Image properties read (with the pre-Ocata names Nova still accepts): `hw_architecture`
(`architecture`), `img_hv_type` (`hypervisor_type`), `hw_vm_mode` (`vm_mode`) and
`img_hv_requested_version` (`hypervisor_version_requires`, e.g. ">=6.0,<9"). Names are compared in
Nova's canonical forms (`amd64` is `x86_64`, `QEMU` is `qemu`, `hv` is `hvm`).
"""
import operator
import re

from scheduling.filters.base import PASS, BaseHostFilter, FilterResult, reject
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec

_ARCH_ALIASES = {"i386": "i686", "i486": "i686", "i586": "i686", "amd64": "x86_64", "x64": "x86_64"}
_HV_ALIASES = {"xapi": "xen"}
_VM_MODE_ALIASES = {"pv": "xen", "hv": "hvm", "baremetal": "hvm"}
_COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
                "==": operator.eq, "!=": operator.ne}
_CLAUSE = re.compile(r"\s*(<=|>=|==|!=|<|>)\s*(\d+(?:\.\d+)*)\s*")


def _canonical(value, aliases: dict[str, str]) -> str | None:
    if not value:
        return None
    name = str(value).lower()
    return aliases.get(name, name)


def _first(properties, *names):
    return next((properties[name] for name in names if properties.get(name)), None)


def _version_tuple(version: int) -> tuple[int, int, int]:
    """Nova's integer hypervisor version (major * 1000000 + minor * 1000 + micro) as a tuple."""
    return version // 1_000_000, version // 1000 % 1000, version % 1000


def _version_satisfies(requirement: str, version: int) -> bool:
    """Every comma-separated clause (`>=6.0`) holds; a clause that does not parse never does."""
    host = _version_tuple(version)
    for clause in requirement.split(","):
        parsed = _CLAUSE.fullmatch(clause)
        if not parsed:
            return False
        wanted = tuple(int(part) for part in parsed.group(2).split("."))
        wanted += (0,) * (3 - len(wanted))
        if not _COMPARISONS[parsed.group(1)](host, wanted[:3]):
            return False
    return True


class ImagePropertiesFilter(BaseHostFilter):
    def host_passes(self, host: HostState, spec: RequestSpec) -> FilterResult:
        props = spec.image_properties
        wanted = (
            _canonical(_first(props, "hw_architecture", "architecture"), _ARCH_ALIASES),
            _canonical(_first(props, "img_hv_type", "hypervisor_type"), _HV_ALIASES),
            _canonical(_first(props, "hw_vm_mode", "vm_mode"), _VM_MODE_ALIASES),
        )
        if any(wanted) and not any(self._supports(triple, wanted) for triple in host.supported_instances):
            asked = "/".join(value or "*" for value in wanted)
            return reject(f"cannot run images for {asked} (architecture/hypervisor/vm mode)")
        requirement = _first(props, "img_hv_requested_version", "hypervisor_version_requires")
        if requirement and host.hypervisor_version and not _version_satisfies(requirement, host.hypervisor_version):
            version = ".".join(map(str, _version_tuple(host.hypervisor_version)))
            return reject(f"hypervisor version {version} does not satisfy '{requirement}'")
        return PASS

    @staticmethod
    def _supports(triple, wanted) -> bool:
        """A host triple serves the image when every property the image sets matches it."""
        offered = (_canonical(triple[0], _ARCH_ALIASES), _canonical(triple[1], _HV_ALIASES),
                   _canonical(triple[2], _VM_MODE_ALIASES))
        return all(want is None or want == have for want, have in zip(wanted, offered, strict=True))
