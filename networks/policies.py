"""Policy rules of the Networking API, with Neutron's names and its secure-RBAC defaults.

Targets carry `project_id` (the owner) and `shared`, as Neutron's do, so operators' overrides read
the same. A resource the caller may not see is reported as not found, never as forbidden.
"""
from oslo_policy.policy import RuleDefault

from openstack_api.policy import ADMIN, PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN

READER_OR_SHARED = f"{PROJECT_READER_OR_ADMIN} or (role:reader and 'True':%(shared)s)"
ADMIN_ONLY = ADMIN
DENIED = "(rule:{rule}) is disallowed by policy"

RULES = [
    RuleDefault("create_network", PROJECT_MEMBER_OR_ADMIN, "Create a network."),
    RuleDefault("create_network:shared", ADMIN_ONLY, "Create a shared network."),
    RuleDefault("create_network:is_default", ADMIN_ONLY, "Create the default network."),
    *[RuleDefault(f"{action}_network:provider:{name}", ADMIN_ONLY, f"{verb} the provider {name} of a network.")
      for action, verb in (("create", "Set"), ("get", "See"), ("update", "Change"))
      for name in ("network_type", "physical_network", "segmentation_id")],
    RuleDefault("get_network", READER_OR_SHARED, "Show a network."),
    RuleDefault("update_network", PROJECT_MEMBER_OR_ADMIN, "Update a network."),
    RuleDefault("update_network:shared", ADMIN_ONLY, "Share or unshare a network."),
    RuleDefault("delete_network", PROJECT_MEMBER_OR_ADMIN, "Delete a network."),
    RuleDefault("create_subnet", PROJECT_MEMBER_OR_ADMIN, "Create a subnet on a network the caller owns."),
    RuleDefault("get_subnet", READER_OR_SHARED, "Show a subnet."),
    RuleDefault("update_subnet", PROJECT_MEMBER_OR_ADMIN, "Update a subnet."),
    RuleDefault("delete_subnet", PROJECT_MEMBER_OR_ADMIN, "Delete a subnet."),
    RuleDefault("create_port", f"{PROJECT_MEMBER_OR_ADMIN} or (role:member and 'True':%(shared)s)",
                "Create a port on an own or shared network."),
    RuleDefault("create_port:fixed_ips:ip_address", PROJECT_MEMBER_OR_ADMIN,
                "Ask for a specific address on an own network (admins anywhere)."),
    RuleDefault("create_port:mac_address", PROJECT_MEMBER_OR_ADMIN, "Ask for a specific MAC address."),
    RuleDefault("create_port:binding:host_id", ADMIN_ONLY, "Bind a port to a host."),
    RuleDefault("get_port", PROJECT_READER_OR_ADMIN, "Show a port."),
    RuleDefault("get_port:binding:host_id", ADMIN_ONLY, "See which host a port is bound to."),
    RuleDefault("update_port", PROJECT_MEMBER_OR_ADMIN, "Update a port."),
    RuleDefault("delete_port", PROJECT_MEMBER_OR_ADMIN, "Delete a port."),
    RuleDefault("get_quota", PROJECT_READER_OR_ADMIN, "Show a project's network quotas."),
    RuleDefault("update_quota", ADMIN_ONLY, "Set a project's network quotas."),
]
