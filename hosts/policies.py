"""Policy rules of os-services and os-hypervisors, with Nova's names and defaults."""
from oslo_policy.policy import RuleDefault

from openstack_api.policy import ADMIN

HYPERVISORS = "os_compute_api:os-hypervisors:%s"

RULES = [
    RuleDefault("os_compute_api:os-services:list", ADMIN, "List all running Compute services."),
    RuleDefault("os_compute_api:os-services:update", ADMIN, "Update a Compute service."),
    RuleDefault("os_compute_api:os-services:delete", ADMIN, "Delete a Compute service."),
    RuleDefault(HYPERVISORS % "list", ADMIN, "List all hypervisors."),
    RuleDefault(HYPERVISORS % "list-detail", ADMIN, "List all hypervisors with details."),
    RuleDefault(HYPERVISORS % "show", ADMIN, "Show details for a hypervisor."),
    RuleDefault(HYPERVISORS % "statistics", ADMIN, "Show summary statistics for all hypervisors (before 2.88)."),
    RuleDefault(HYPERVISORS % "uptime", ADMIN, "Show the uptime of a hypervisor (before 2.88)."),
    RuleDefault(HYPERVISORS % "search", ADMIN, "Search hypervisors by hostname pattern (before 2.53)."),
    RuleDefault(HYPERVISORS % "servers", ADMIN, "List the servers on hypervisors matching a pattern (before 2.53)."),
    # Until host aggregates exist, only the empty list `openstack hypervisor show` reads (hosts/api/aggregates.py).
    RuleDefault("os_compute_api:os-aggregates:index", ADMIN, "List all aggregates."),
]
