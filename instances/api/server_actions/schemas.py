"""Nova's request bodies of the server actions (os-stop, os-start, pause... take any body)."""
from instances.api.schemas import DESCRIPTION, METADATA, NAME
from openstack_api.microversions import Versioned, pick
from openstack_api.validation import BOOLEAN


def _action(name: str, body: dict) -> dict:
    return {"type": "object", "properties": {name: body}, "required": [name], "additionalProperties": False}


REBOOT = _action("reboot", {
    "type": "object",
    "properties": {"type": {"type": "string", "enum": ["HARD", "Hard", "hard", "SOFT", "Soft", "soft"]}},
    "required": ["type"],
    "additionalProperties": False,
})
# 2.73: a reason may come with the lock; before, any body is taken.
LOCK_V273 = _action("lock", {
    "type": ["object", "null"],
    "properties": {"locked_reason": {"type": "string", "minLength": 1, "maxLength": 255}},
    "additionalProperties": False,
})
# -1 (and null) mean the whole log.
CONSOLE_OUTPUT = _action("os-getConsoleOutput", {
    "type": "object",
    "properties": {"length": {"type": ["integer", "string", "null"], "pattern": "^-?[0-9]+$", "minimum": -1}},
    "additionalProperties": False,
})
RESET_STATE = _action("os-resetState", {
    "type": "object",
    "properties": {"state": {"type": "string", "enum": ["active", "error"]}},
    "required": ["state"],
    "additionalProperties": False,
})
ADDRESS = {"type": "string"}
REBUILD_PROPERTIES = [
    Versioned(("name", NAME)),
    Versioned(("imageRef", {"type": "string", "format": "uuid"})),
    Versioned(("adminPass", {"type": "string"})),
    Versioned(("metadata", METADATA)),
    Versioned(("preserve_ephemeral", BOOLEAN)),
    Versioned(("OS-DCF:diskConfig", {"type": "string", "enum": ["AUTO", "MANUAL"]})),
    Versioned(("accessIPv4", ADDRESS)),
    Versioned(("accessIPv6", ADDRESS)),
    Versioned(("personality", {"type": "array"}), max_version="2.56"),
    Versioned(("description", DESCRIPTION), min_version="2.19"),
    Versioned(("key_name", {"type": ["string", "null"], "minLength": 1, "maxLength": 255}), min_version="2.54"),
    Versioned(("user_data", {"type": ["string", "null"], "format": "base64", "maxLength": 65535}),
              min_version="2.57"),
]


def rebuild_schema(version) -> dict:
    return _action("rebuild", {"type": "object", "properties": dict(pick(REBUILD_PROPERTIES, version)),
                               "required": ["imageRef"], "additionalProperties": False})
