"""DiskWeigher: prefer nodes with more free disk (spread); a negative multiplier stacks instead."""
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec
from scheduling.weighers.base import BaseHostWeigher


class DiskWeigher(BaseHostWeigher):
    minval = 0
    multiplier_setting = "XCOMPUTE_DISK_WEIGHT_MULTIPLIER"
    aggregate_key = "disk_weight_multiplier"

    def weigh(self, host: HostState, spec: RequestSpec) -> float:
        return host.free_disk_gb
