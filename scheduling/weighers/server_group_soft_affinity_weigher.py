"""ServerGroupSoftAffinityWeigher: for a `soft-affinity` group, prefer hosts running more members."""
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec
from scheduling.weighers.base import BaseHostWeigher


class ServerGroupSoftAffinityWeigher(BaseHostWeigher):
    multiplier_setting = "XCOMPUTE_SOFT_AFFINITY_WEIGHT_MULTIPLIER"
    aggregate_key = "soft_affinity_weight_multiplier"
    minimum_multiplier = 0.0

    def weigh(self, host: HostState, spec: RequestSpec) -> float:
        group = spec.server_group
        if group is None or group.policy != "soft-affinity":
            return 0
        return group.members_on(host.host)
