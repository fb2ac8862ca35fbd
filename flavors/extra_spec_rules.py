"""Extra-spec validation from microversion 2.86, loosely following Nova's validator registry.

Nova checks every key of a namespace it knows. We check the namespaces the scheduler reads
(`trait`, `resources`, a few `hw:` keys, `group_policy`) and accept any other key, inside a
known namespace (`hw:*`, `quota:*`, `aggregate_instance_extra_specs:*`, ...) or not: an operator's
spec is never refused for being unknown, only for a value its namespace cannot mean.
"""
import functools
import re
from dataclasses import dataclass

import os_resource_classes
import os_traits
from oslo_utils import strutils
from rest_framework.exceptions import ValidationError

GROUP = r"([a-zA-Z0-9_-]{1,64})?"  # granular request groups: trait1:..., resources_gpu:...


@dataclass(frozen=True)
class Rule:
    """A key pattern and the values it takes: `kind` is `enum`, `int` or `bool`."""

    name_regex: str
    kind: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None

    def check(self, value: str) -> None:
        if self.kind == "enum" and value not in self.choices:
            _refuse(f"'{value}' is not one of: {', '.join(self.choices)}.")
        if self.kind == "int":
            try:
                number = int(value)
            except ValueError:
                _refuse(f"'{value}' is not a valid integer value.")
            if self.minimum is not None and number < self.minimum:
                _refuse(f"'{value}' is less than the min value of '{self.minimum}'.")
        if self.kind == "bool":
            try:
                strutils.bool_from_string(value, strict=True)
            except ValueError:
                _refuse(f"'{value}' is not a valid boolean-like value.")


RULES = (
    Rule(rf"trait{GROUP}:[A-Z0-9_]+", "enum", ("required", "forbidden")),
    Rule(rf"resources{GROUP}:[A-Z0-9_]+", "int", minimum=0),
    Rule(r"group_policy", "enum", ("isolate", "none")),
    Rule(r"hw:cpu_policy", "enum", ("shared", "dedicated", "mixed")),
    Rule(r"hw:cpu_thread_policy", "enum", ("prefer", "isolate", "require")),
    Rule(r"hw:emulator_threads_policy", "enum", ("share", "isolate")),
    Rule(r"hw:numa_nodes", "int", minimum=1),
    Rule(r"hw:cpu_sockets|hw:cpu_cores|hw:cpu_threads|hw:cpu_max_sockets|hw:cpu_max_cores|hw:cpu_max_threads",
         "int", minimum=1),
    Rule(r"hw:watchdog_action", "enum", ("none", "pause", "poweroff", "reset", "disabled")),
    Rule(r"hw:vif_multiqueue_enabled|hw:hide_hypervisor_id|hw:boot_menu", "bool"),
)
# Namespaces whose key must name something real: a trait or a resource class.
NAMED = {"trait": lambda name: name in _traits() or name.startswith("CUSTOM_"),
         "resources": lambda name: name in os_resource_classes.STANDARDS or name.startswith("CUSTOM_")}


@functools.cache
def _traits() -> frozenset[str]:
    return frozenset(os_traits.get_traits())


def _refuse(reason: str):
    raise ValidationError({"detail": f"Validation failed; {reason}"})


def validate(key: str, value) -> None:
    """Raise a 400 in Nova's words when `key=value` cannot be a valid extra spec."""
    namespace, _, name = key.partition(":")
    granular = re.fullmatch(rf"(trait|resources){GROUP}", namespace)
    base = granular.group(1) if granular else namespace
    if name and base in NAMED and (not re.fullmatch(r"[A-Z0-9_]+", name) or not NAMED[base](name)):
        _refuse(f"extra spec '{key}' does not appear to be a valid extra spec.")
    for rule in RULES:
        if re.fullmatch(rule.name_regex, key):
            rule.check(str(value))
            return
