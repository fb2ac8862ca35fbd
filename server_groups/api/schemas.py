"""Request bodies and list queries of os-server-groups (Nova's), per microversion."""
from openstack_api.validation import multi_params

NAME = {"type": "string", "minLength": 1, "maxLength": 255}
HARD = ["anti-affinity", "affinity"]
SOFT = ["soft-anti-affinity", "soft-affinity"]
SOFT_VERSION = "2.15"
POLICY_VERSION = "2.64"
STRICT_QUERY_VERSION = "2.75"
POSITIVE = {"type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 1, "minLength": 1}


def create_schema(version) -> dict:
    allowed = HARD + (SOFT if version >= SOFT_VERSION else [])
    if version >= POLICY_VERSION:
        properties = {"name": NAME, "policy": {"type": "string", "enum": allowed},
                      "rules": {"type": "object", "properties": {"max_server_per_host": POSITIVE},
                                "additionalProperties": False}}
        required = ["name", "policy"]
    else:
        properties = {"name": NAME, "policies": {"type": "array", "items": {"type": "string", "enum": allowed},
                                                 "uniqueItems": True, "minItems": 1, "maxItems": 1}}
        required = ["name", "policies"]
    group = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    return {"type": "object", "properties": {"server_group": group}, "required": ["server_group"],
            "additionalProperties": False}


def list_query(version) -> dict:
    return {
        "type": "object",
        "properties": {
            "all_projects": multi_params({"type": "string"}),
            "limit": multi_params({"type": "string", "pattern": "^[0-9]+$"}),
            "offset": multi_params({"type": "string", "pattern": "^[0-9]+$"}),
        },
        "additionalProperties": version < STRICT_QUERY_VERSION,
    }
