"""IoOpsWeigher: weigh nodes by their I/O-heavy operations under way (builds, resizes, snapshots...).

The multiplier is negative by default (Nova's -1.0), so nodes with the lighter workload win and a
burst of builds spreads instead of queueing disk and image copies on one node; positive stacks.
"""
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec
from scheduling.weighers.base import BaseHostWeigher


class IoOpsWeigher(BaseHostWeigher):
    multiplier_setting = "XCOMPUTE_IO_OPS_WEIGHT_MULTIPLIER"
    aggregate_key = "io_ops_weight_multiplier"
    default_multiplier = -1.0

    def weigh(self, host: HostState, spec: RequestSpec) -> float:
        return host.num_io_ops
