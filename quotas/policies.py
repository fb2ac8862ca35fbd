"""Policy rules of os-quota-sets, os-quota-class-sets and limits, with Nova's names and defaults."""
from oslo_policy.policy import RuleDefault

from openstack_api.policy import ADMIN, PROJECT_READER_OR_ADMIN

QUOTA_SETS = "os_compute_api:os-quota-sets:%s"
QUOTA_CLASS_SETS = "os_compute_api:os-quota-class-sets:%s"
LIMITS = "os_compute_api:limits"
LIMITS_OTHER_PROJECT = "os_compute_api:limits:other_project"
ANY = "@"

RULES = [
    RuleDefault(QUOTA_SETS % "show", PROJECT_READER_OR_ADMIN, "Show a project's quotas."),
    RuleDefault(QUOTA_SETS % "detail", PROJECT_READER_OR_ADMIN, "Show a project's quotas with usage."),
    RuleDefault(QUOTA_SETS % "defaults", ANY, "Show the default quotas."),
    RuleDefault(QUOTA_SETS % "update", ADMIN, "Set a project's quotas."),
    RuleDefault(QUOTA_SETS % "delete", ADMIN, "Revert a project's quotas to the defaults."),
    RuleDefault(QUOTA_CLASS_SETS % "show", ADMIN, "Show a quota class (the defaults)."),
    RuleDefault(QUOTA_CLASS_SETS % "update", ADMIN, "Set a quota class (the defaults)."),
    RuleDefault(LIMITS, ANY, "Show the caller's project's absolute limits and usage."),
    RuleDefault(LIMITS_OTHER_PROJECT, ADMIN, "Show another project's limits (tenant_id)."),
]
