"""Policy rules of the Identity API, with Keystone's names; an operator's policy file overrides them.

Administration is the admin role's; a user may see itself, its own projects and manage its own
application credentials, change its own password, and validate its own tokens.
"""
from oslo_policy.policy import RuleDefault

from openstack_api.policy import ADMIN

OWNER_OR_ADMIN = f"{ADMIN} or user_id:%(user_id)s"

ADMIN_ACTIONS = [
    "list_domains", "create_domain", "update_domain", "delete_domain",
    "list_projects", "create_project", "update_project", "delete_project",
    "list_users", "create_user", "update_user", "delete_user",
    "list_roles", "get_role", "create_role", "update_role", "delete_role",
    "list_role_assignments", "list_services", "list_endpoints", "create_grant", "revoke_grant", "check_grant", "list_grants",
]

RULES = [
    *[RuleDefault(f"identity:{action}", ADMIN) for action in ADMIN_ACTIONS],
    RuleDefault("identity:get_domain", f"{ADMIN} or domain_id:%(domain_id)s"),
    RuleDefault("identity:get_project", f"{ADMIN} or project_id:%(project_id)s"),
    RuleDefault("identity:get_user", OWNER_OR_ADMIN),
    RuleDefault("identity:list_user_projects", OWNER_OR_ADMIN),
    RuleDefault("identity:change_password", "user_id:%(user_id)s"),
    RuleDefault("identity:get_application_credential", OWNER_OR_ADMIN),
    RuleDefault("identity:list_application_credentials", OWNER_OR_ADMIN),
    RuleDefault("identity:create_application_credential", "user_id:%(user_id)s"),
    RuleDefault("identity:delete_application_credential", OWNER_OR_ADMIN),
    RuleDefault("identity:validate_token", OWNER_OR_ADMIN),
    RuleDefault("identity:check_token", OWNER_OR_ADMIN),
    RuleDefault("identity:revoke_token", OWNER_OR_ADMIN),
]
