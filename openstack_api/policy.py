"""One policy mechanism for every API: oslo.policy with Nova's rule names and defaults.

Each app declares its rules in `<app>/policies.py` as `RULES` (or a `rules()` function when the
defaults depend on configuration); an operator's YAML file
(XCOMPUTE_POLICY_FILE) overrides any of them with the same names Nova and Placement use.
"""
import functools
import importlib
import logging

from django.apps import apps
from django.conf import settings
from oslo_config import cfg
from oslo_policy import policy as oslo_policy
from rest_framework import exceptions

logger = logging.getLogger(__name__)

ADMIN = "rule:context_is_admin"
PROJECT_MEMBER_OR_ADMIN = "rule:project_member_or_admin"
PROJECT_READER_OR_ADMIN = "rule:project_reader_or_admin"

# Nova's base rules, which the per-API rules are written in terms of.
BASE_RULES = [
    oslo_policy.RuleDefault("context_is_admin", "role:admin", "Decides what is an administrator."),
    oslo_policy.RuleDefault("project_member_api", "role:member and project_id:%(project_id)s"),
    oslo_policy.RuleDefault("project_reader_api", "role:reader and project_id:%(project_id)s"),
    oslo_policy.RuleDefault("project_member_or_admin", "rule:project_member_api or rule:context_is_admin"),
    oslo_policy.RuleDefault("project_reader_or_admin", "rule:project_reader_api or rule:context_is_admin"),
]


def registered_rules():
    """Base rules plus every installed app's `policies.RULES` (or `policies.rules()`), in app order."""
    rules = list(BASE_RULES)
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.policies")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.policies":
                raise
            continue
        rules.extend(module.rules() if hasattr(module, "rules") else module.RULES)
    return rules


@functools.cache
def enforcer() -> oslo_policy.Enforcer:
    conf = cfg.ConfigOpts()
    conf([], project="xcompute", default_config_files=[], default_config_dirs=[])
    policy_file = settings.XCOMPUTE_POLICY_FILE or None
    result = oslo_policy.Enforcer(conf, policy_file=policy_file)
    # No policy.d directories: oslo.policy would look for them on every check.
    conf.set_override("policy_dirs", [], "oslo_policy")
    result.register_defaults(registered_rules())
    result.load_rules()
    # Without a file there is nothing to reload; with one, oslo.policy reloads it when it changes.
    result.use_conf = bool(policy_file)
    if policy_file:
        logger.info("policy overrides loaded from %s", policy_file)
    return result


def check(context, rule: str, target: dict | None = None) -> bool:
    target = target if target is not None else {"project_id": context.project_id, "user_id": context.user_id}
    return enforcer().authorize(rule, target, context.credentials(), do_raise=False)


def authorize(context, rule: str, target: dict | None = None, message: str | None = None) -> None:
    """Raise 403 unless the context passes `rule` for `target`.

    The message is Nova's unless the API words its refusals otherwise (`{rule}` is filled in).
    """
    if not check(context, rule, target):
        template = message or "Policy doesn't allow {rule} to be performed."
        raise exceptions.PermissionDenied(template.format(rule=rule))


def is_admin(context) -> bool:
    return check(context, "context_is_admin")
