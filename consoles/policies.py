"""Policy rule of console URLs, with Nova's name and default: the instance's project members, or admins."""
from oslo_policy.policy import RuleDefault

from openstack_api.policy import PROJECT_MEMBER_OR_ADMIN

REMOTE_CONSOLES = "os_compute_api:os-remote-consoles"

RULES = [
    RuleDefault(REMOTE_CONSOLES, PROJECT_MEMBER_OR_ADMIN,
                "Get a console URL of a server (remote-consoles, 2.6+; os-getVNCConsole below 2.6)."),
]
