"""Request schemas of /traits and /resource_providers/{uuid}/traits (1.6)."""
CUSTOM_NAME_PATTERN = "^CUSTOM_[A-Z0-9_]+$"

TRAIT_NAME = {"type": "string", "minLength": 1, "maxLength": 255}
CUSTOM_TRAIT_NAME = {**TRAIT_NAME, "pattern": CUSTOM_NAME_PATTERN}

PROVIDER_TRAITS = {
    "type": "object",
    "properties": {
        "traits": {"type": "array", "items": TRAIT_NAME},
        "resource_provider_generation": {"type": "integer"},
    },
    "required": ["traits", "resource_provider_generation"],
    "additionalProperties": False,
}

LIST_QUERY = {"name": {"type": "string"}, "associated": {"type": "string"}}
