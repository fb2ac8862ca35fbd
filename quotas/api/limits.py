"""GET /limits: the project's absolute limits and what it uses of them (Nova has no rate limits: `rate: []`)."""
from rest_framework.response import Response

from openstack_api.microversions import Versioned, pick
from openstack_api.policy import authorize
from openstack_api.validation import validate_query
from openstack_api.views import ComputeAPIView
from quotas import limits, usage
from quotas.api import schemas
from quotas.policies import LIMITS, LIMITS_OTHER_PROJECT

LIMIT, USED = "limit", "in_use"
# (name, resource, which value): 2.36 drops the nova-network ones, 2.39 maxImageMeta, 2.57 the personality ones.
ABSOLUTE = [
    Versioned(("maxImageMeta", "metadata_items", LIMIT), max_version="2.38"),
    Versioned(("maxPersonality", "injected_files", LIMIT), max_version="2.56"),
    Versioned(("maxPersonalitySize", "injected_file_content_bytes", LIMIT), max_version="2.56"),
    Versioned(("maxSecurityGroupRules", "security_group_rules", LIMIT), max_version="2.35"),
    Versioned(("maxSecurityGroups", "security_groups", LIMIT), max_version="2.35"),
    Versioned(("maxServerMeta", "metadata_items", LIMIT)),
    Versioned(("maxTotalCores", "cores", LIMIT)),
    Versioned(("maxTotalFloatingIps", "floating_ips", LIMIT), max_version="2.35"),
    Versioned(("maxTotalInstances", "instances", LIMIT)),
    Versioned(("maxTotalKeypairs", "key_pairs", LIMIT)),
    Versioned(("maxTotalRAMSize", "ram", LIMIT)),
    Versioned(("maxServerGroups", "server_groups", LIMIT)),
    Versioned(("maxServerGroupMembers", "server_group_members", LIMIT)),
    Versioned(("totalCoresUsed", "cores", USED)),
    Versioned(("totalInstancesUsed", "instances", USED)),
    Versioned(("totalRAMUsed", "ram", USED)),
    Versioned(("totalSecurityGroupsUsed", "security_groups", USED), max_version="2.35"),
    Versioned(("totalFloatingIpsUsed", "floating_ips", USED), max_version="2.35"),
    Versioned(("totalServerGroupsUsed", "server_groups", USED)),
]


class LimitsView(ComputeAPIView):
    def get(self, request):
        authorize(self.context, LIMITS, {})
        params = validate_query(request.query_params, schemas.limits_query(request.version))
        project_id = self.context.project_id
        if "tenant_id" in params:
            project_id = params["tenant_id"][-1]
            authorize(self.context, LIMITS_OTHER_PROJECT, {"project_id": project_id})
        values = {LIMIT: limits.limits(project_id), USED: usage.in_use(project_id)}
        absolute = {name: values[kind][resource] for name, resource, kind in pick(ABSOLUTE, request.version)}
        return Response({"limits": {"absolute": absolute, "rate": []}})
