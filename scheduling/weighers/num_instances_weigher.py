"""NumInstancesWeigher: weigh nodes by how many instances they run.

Neutral by default (multiplier 0.0, as in Nova); positive packs busy nodes, negative spreads.
"""
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec
from scheduling.weighers.base import BaseHostWeigher


class NumInstancesWeigher(BaseHostWeigher):
    multiplier_setting = "XCOMPUTE_NUM_INSTANCES_WEIGHT_MULTIPLIER"
    aggregate_key = "num_instances_weight_multiplier"
    default_multiplier = 0.0

    def weigh(self, host: HostState, spec: RequestSpec) -> float:
        return host.num_instances
