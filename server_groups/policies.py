"""Policy rules of os-server-groups, with Nova's names and defaults."""
from oslo_policy.policy import RuleDefault

from openstack_api.policy import ADMIN, PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN

SERVER_GROUPS = "os_compute_api:os-server-groups:%s"

RULES = [
    RuleDefault(SERVER_GROUPS % "create", PROJECT_MEMBER_OR_ADMIN, "Create a server group."),
    RuleDefault(SERVER_GROUPS % "delete", PROJECT_MEMBER_OR_ADMIN, "Delete a server group."),
    RuleDefault(SERVER_GROUPS % "index", PROJECT_READER_OR_ADMIN, "List the project's server groups."),
    RuleDefault(SERVER_GROUPS % "index:all_projects", ADMIN, "List the server groups of every project."),
    RuleDefault(SERVER_GROUPS % "show", PROJECT_READER_OR_ADMIN, "Show a server group."),
]
