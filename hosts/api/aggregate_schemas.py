"""Request bodies of os-aggregates (Nova's schemas)."""
_NAME = {"type": "string", "minLength": 1, "maxLength": 255}
# A zone is named, never with ':' (server create's az:host:node splits on it); null means none.
_ZONE = {"type": ["string", "null"], "minLength": 1, "maxLength": 255, "pattern": "^[^:]*$"}
_HOST = {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[a-zA-Z0-9-._]*$"}

CREATE = {
    "type": "object",
    "properties": {"aggregate": {
        "type": "object",
        "properties": {"name": _NAME, "availability_zone": _ZONE},
        "required": ["name"],
        "additionalProperties": False,
    }},
    "required": ["aggregate"],
    "additionalProperties": False,
}

UPDATE = {
    "type": "object",
    "properties": {"aggregate": {
        "type": "object",
        "properties": {"name": _NAME, "availability_zone": _ZONE},
        "additionalProperties": False,
        "anyOf": [{"required": ["name"]}, {"required": ["availability_zone"]}],
    }},
    "required": ["aggregate"],
    "additionalProperties": False,
}


def _host_action(name: str) -> dict:
    return {
        "type": "object",
        "properties": {name: {"type": "object", "properties": {"host": _HOST}, "required": ["host"],
                              "additionalProperties": False}},
        "required": [name],
        "additionalProperties": False,
    }


SET_METADATA = {
    "type": "object",
    "properties": {"set_metadata": {
        "type": "object",
        "properties": {"metadata": {
            "type": "object",
            "patternProperties": {"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": ["string", "null"], "maxLength": 255}},
            "additionalProperties": False,
        }},
        "required": ["metadata"],
        "additionalProperties": False,
    }},
    "required": ["set_metadata"],
    "additionalProperties": False,
}

ACTIONS = {"add_host": _host_action("add_host"), "remove_host": _host_action("remove_host"),
           "set_metadata": SET_METADATA}
