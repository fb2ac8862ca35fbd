"""BuildFailureWeigher: nodes whose recent builds failed sink below every healthy node.

A node that fails every build (a broken image cache, a full disk, a misconfigured hypervisor) would
otherwise look the emptiest and attract every new instance. `HostState.failed_builds` counts the
node's consecutive failed builds and a successful build resets it, so the node recovers by itself.
The weight is minus that count; the large default multiplier (Nova's 1000000.0) lets it outweigh
every other weigher. 0 turns it off.
"""
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec
from scheduling.weighers.base import BaseHostWeigher


class BuildFailureWeigher(BaseHostWeigher):
    multiplier_setting = "XCOMPUTE_BUILD_FAILURE_WEIGHT_MULTIPLIER"
    aggregate_key = "build_failure_weight_multiplier"
    default_multiplier = 1000000.0

    def weigh(self, host: HostState, spec: RequestSpec) -> float:
        return -host.failed_builds
