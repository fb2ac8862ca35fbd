"""Placement's policy rules with upstream's names; XCOMPUTE_PLACEMENT_POLICY_DEFAULTS picks the defaults.

`legacy`: every operation needs the admin role (Placement before secure RBAC).
`secure-rbac`: admin or the service role everywhere; a project reader may see its own usages.
"""
from django.conf import settings
from oslo_policy.policy import RuleDefault

ADMIN = "role:admin"
ADMIN_OR_SERVICE = "role:admin or role:service"
PROJECT_READER = "role:admin or role:service or (role:reader and project_id:%(project_id)s)"

OPERATIONS = {
    "resource_providers": ["list", "create", "show", "update", "delete"],
    "resource_providers:inventories": ["list", "create", "show", "update", "delete"],
    "resource_providers:aggregates": ["list", "update"],
    "resource_providers:traits": ["list", "update", "delete"],
    "resource_providers:allocations": ["list"],
    "resource_classes": ["list", "create", "show", "update", "delete"],
    "traits": ["list", "show", "update", "delete"],
    "allocations": ["list", "manage", "update", "delete"],
    "allocation_candidates": ["list"],
    "reshaper": ["reshape"],
}


def rules():
    secure = settings.XCOMPUTE_PLACEMENT_POLICY_DEFAULTS == "secure-rbac"
    default = ADMIN_OR_SERVICE if secure else ADMIN
    result = [
        RuleDefault(f"placement:{resource}:{operation}", default)
        for resource, operations in OPERATIONS.items()
        for operation in operations
    ]
    result.append(RuleDefault("placement:resource_providers:usages", default))
    result.append(RuleDefault("placement:usages", PROJECT_READER if secure else ADMIN))
    return result


def authorize(context, rule: str, target: dict | None = None) -> None:
    """The shared policy check, refusing in Placement's words ("Policy does not allow ...")."""
    from openstack_api import policy

    policy.authorize(context, rule, target, message="Policy does not allow {rule} to be performed.")
