"""Policy rules of flavors, extra specs and flavor access, with Nova's names and defaults.

Listing and showing flavors has no rule in Nova (any authenticated caller); visibility of private
flavors is decided by flavor access instead.
"""
from oslo_policy.policy import RuleDefault

from openstack_api.policy import ADMIN, PROJECT_READER_OR_ADMIN, check

MANAGE = "os_compute_api:os-flavor-manage:%s"
EXTRA_SPECS = "os_compute_api:os-flavor-extra-specs:%s"
ACCESS = "os_compute_api:os-flavor-access"

RULES = [
    RuleDefault(MANAGE % "create", ADMIN, "Create a flavor."),
    RuleDefault(MANAGE % "update", ADMIN, "Update a flavor's description."),
    RuleDefault(MANAGE % "delete", ADMIN, "Delete a flavor."),
    RuleDefault(EXTRA_SPECS % "index", PROJECT_READER_OR_ADMIN,
                "List a flavor's extra specs; also decides whether flavor and server bodies embed them."),
    RuleDefault(EXTRA_SPECS % "show", PROJECT_READER_OR_ADMIN, "Show one extra spec of a flavor."),
    RuleDefault(EXTRA_SPECS % "create", ADMIN, "Create or update extra specs of a flavor."),
    RuleDefault(EXTRA_SPECS % "update", ADMIN, "Update one extra spec of a flavor."),
    RuleDefault(EXTRA_SPECS % "delete", ADMIN, "Delete one extra spec of a flavor."),
    RuleDefault(ACCESS, ADMIN, "List the projects that may use a private flavor."),
    RuleDefault(ACCESS + ":add_tenant_access", ADMIN, "Let a project use a private flavor."),
    RuleDefault(ACCESS + ":remove_tenant_access", ADMIN, "Stop a project from using a private flavor."),
]


def may_see_extra_specs(context) -> bool:
    """Whether flavor bodies (2.61+) and embedded server flavors (2.47+) carry extra specs, as Nova decides."""
    return check(context, EXTRA_SPECS % "index")
