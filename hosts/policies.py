"""Policy rules of os-services, with Nova's names and defaults."""
from oslo_policy.policy import RuleDefault

from openstack_api.policy import ADMIN

RULES = [
    RuleDefault("os_compute_api:os-services:list", ADMIN, "List all running Compute services."),
    RuleDefault("os_compute_api:os-services:update", ADMIN, "Update a Compute service."),
    RuleDefault("os_compute_api:os-services:delete", ADMIN, "Delete a Compute service."),
]
