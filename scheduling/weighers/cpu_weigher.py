"""CPUWeigher: prefer nodes with more free vCPUs (spread); a negative multiplier stacks instead."""
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec
from scheduling.weighers.base import BaseHostWeigher


class CPUWeigher(BaseHostWeigher):
    minval = 0
    multiplier_setting = "XCOMPUTE_CPU_WEIGHT_MULTIPLIER"
    aggregate_key = "cpu_weight_multiplier"

    def weigh(self, host: HostState, spec: RequestSpec) -> float:
        return host.free_vcpus
