"""Policy rules of os-services, os-hypervisors, os-aggregates and os-availability-zone (Nova's names and defaults)."""
from oslo_policy.policy import RuleDefault

from openstack_api.policy import ADMIN, PROJECT_READER_OR_ADMIN

HYPERVISORS = "os_compute_api:os-hypervisors:%s"
AGGREGATES = "os_compute_api:os-aggregates:%s"
AVAILABILITY_ZONE = "os_compute_api:os-availability-zone:%s"

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
    RuleDefault(AGGREGATES % "index", ADMIN, "List all aggregates."),
    RuleDefault(AGGREGATES % "create", ADMIN, "Create an aggregate."),
    RuleDefault(AGGREGATES % "show", ADMIN, "Show an aggregate."),
    RuleDefault(AGGREGATES % "update", ADMIN, "Rename an aggregate or change its availability zone."),
    RuleDefault(AGGREGATES % "delete", ADMIN, "Delete an aggregate that has no hosts."),
    RuleDefault(AGGREGATES % "add_host", ADMIN, "Add a compute host to an aggregate."),
    RuleDefault(AGGREGATES % "remove_host", ADMIN, "Remove a compute host from an aggregate."),
    RuleDefault(AGGREGATES % "set_metadata", ADMIN, "Set or remove metadata of an aggregate."),
    RuleDefault(AVAILABILITY_ZONE % "list", PROJECT_READER_OR_ADMIN, "List availability zones."),
    RuleDefault(AVAILABILITY_ZONE % "detail", ADMIN, "List availability zones with their hosts and services."),
]
