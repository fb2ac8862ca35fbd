"""RAMWeigher: prefer nodes with more free memory (spread); a negative multiplier stacks instead."""
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec
from scheduling.weighers.base import BaseHostWeigher


class RAMWeigher(BaseHostWeigher):
    minval = 0
    multiplier_setting = "XCOMPUTE_RAM_WEIGHT_MULTIPLIER"
    aggregate_key = "ram_weight_multiplier"

    def weigh(self, host: HostState, spec: RequestSpec) -> float:
        return host.free_memory_mb
