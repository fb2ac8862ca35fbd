"""Request schemas of /resource_providers/{uuid}/inventories (the same at every microversion)."""
# Upstream's column limits: a signed 32-bit integer and a single-precision float.
MAX_INT = 2**31 - 1
MAX_FLOAT = 3.40282e38
RESOURCE_CLASS_PATTERN = "^[A-Z0-9_]+$"

_COUNT = {"type": "integer", "maximum": MAX_INT, "minimum": 1}
_FIELDS = {
    "total": _COUNT,
    "reserved": {"type": "integer", "maximum": MAX_INT, "minimum": 0},
    "min_unit": _COUNT,
    "max_unit": _COUNT,
    "step_size": _COUNT,
    "allocation_ratio": {"type": "number", "maximum": MAX_FLOAT},
}
_GENERATION = {"type": "integer"}

# One inventory inside PUT .../inventories (the generation is given once, at the top).
RECORD = {
    "type": "object",
    "properties": {"resource_provider_generation": _GENERATION, **_FIELDS},
    "required": ["total"],
    "additionalProperties": False,
}

# PUT .../inventories/{resource_class}
UPDATE_ONE = {**RECORD, "required": ["total", "resource_provider_generation"]}

# POST .../inventories: the class is in the body; no generation is needed.
CREATE_ONE = {
    **RECORD,
    "properties": {**RECORD["properties"], "resource_class": {"type": "string", "pattern": RESOURCE_CLASS_PATTERN}},
    "required": ["total", "resource_class"],
}

# PUT .../inventories: replaces them all.
REPLACE_ALL = {
    "type": "object",
    "properties": {
        "resource_provider_generation": _GENERATION,
        "inventories": {"type": "object", "patternProperties": {RESOURCE_CLASS_PATTERN: RECORD}},
    },
    "required": ["resource_provider_generation", "inventories"],
    "additionalProperties": False,
}
