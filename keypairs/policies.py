"""Policy rules of os-keypairs, with Nova's names and defaults: a user's own pairs, or any user's for admins."""
from oslo_policy.policy import RuleDefault

KEYPAIRS = "os_compute_api:os-keypairs:%s"
ADMIN_OR_OWNER = "(rule:context_is_admin) or user_id:%(user_id)s"

RULES = [
    RuleDefault(KEYPAIRS % "index", ADMIN_OR_OWNER, "List a user's key pairs."),
    RuleDefault(KEYPAIRS % "create", ADMIN_OR_OWNER, "Create or import a key pair for a user."),
    RuleDefault(KEYPAIRS % "show", ADMIN_OR_OWNER, "Show a user's key pair."),
    RuleDefault(KEYPAIRS % "delete", ADMIN_OR_OWNER, "Delete a user's key pair."),
]
