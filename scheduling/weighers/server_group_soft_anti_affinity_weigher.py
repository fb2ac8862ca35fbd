"""ServerGroupSoftAntiAffinityWeigher: for a `soft-anti-affinity` group, prefer hosts running fewer members.

The raw weight is minus the member count, so after normalisation the emptiest host weighs 1.
"""
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec
from scheduling.weighers.base import BaseHostWeigher


class ServerGroupSoftAntiAffinityWeigher(BaseHostWeigher):
    multiplier_setting = "XCOMPUTE_SOFT_ANTI_AFFINITY_WEIGHT_MULTIPLIER"
    aggregate_key = "soft_anti_affinity_weight_multiplier"
    minimum_multiplier = 0.0

    def weigh(self, host: HostState, spec: RequestSpec) -> float:
        group = spec.server_group
        if group is None or group.policy != "soft-anti-affinity":
            return 0
        return -group.members_on(host.host)
