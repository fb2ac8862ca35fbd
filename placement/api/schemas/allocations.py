"""Request schemas of PUT /allocations/{consumer_uuid} and POST /allocations, per microversion.

Tables of (first microversion, schema) for `wire.for_version`.
"""
from placement.api.schemas.inventories import RESOURCE_CLASS_PATTERN

UUID_PATTERN = "^[0-9a-fA-F-]{36}$"
CONSUMER_TYPE_PATTERN = "^[A-Z0-9_]+$"
# Request group suffixes of allocation candidates (1.33): what `mappings` keys look like.
GROUP_SUFFIX_PATTERN = "[a-zA-Z0-9_-]{1,64}"

_EXTERNAL_ID = {"type": "string", "minLength": 1, "maxLength": 255}
_RESOURCES = {
    "type": "object",
    "minProperties": 1,
    "patternProperties": {RESOURCE_CLASS_PATTERN: {"type": "integer", "minimum": 1}},
    "additionalProperties": False,
}

# 1.0: a list of {resource_provider: {uuid}, resources}.
PUT_V1_0 = {
    "type": "object",
    "properties": {
        "allocations": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {
                    "resource_provider": {
                        "type": "object",
                        "properties": {"uuid": {"type": "string", "format": "uuid"}},
                        "required": ["uuid"],
                        "additionalProperties": False,
                    },
                    "resources": _RESOURCES,
                },
                "required": ["resource_provider", "resources"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["allocations"],
    "additionalProperties": False,
}

# 1.8: who the consumer belongs to is required.
PUT_V1_8 = {
    **PUT_V1_0,
    "properties": {**PUT_V1_0["properties"], "project_id": _EXTERNAL_ID, "user_id": _EXTERNAL_ID},
    "required": ["allocations", "project_id", "user_id"],
}


def _by_provider(min_providers: int) -> dict:
    """Allocations as GET returns them: {provider uuid: {resources, optional generation}}."""
    entry = {
        "type": "object",
        "properties": {"generation": {"type": "integer"}, "resources": _RESOURCES},
        "required": ["resources"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "minProperties": min_providers,
        "patternProperties": {UUID_PATTERN: entry},
        "additionalProperties": False,
    }


def _consumer(min_providers: int, *, generation=False, mappings=False, consumer_type=False) -> dict:
    """One consumer's allocations in the dict format (1.12+) with the fields later versions add."""
    properties = {"allocations": _by_provider(min_providers), "project_id": _EXTERNAL_ID, "user_id": _EXTERNAL_ID}
    required = ["allocations", "project_id", "user_id"]
    if generation:
        properties["consumer_generation"] = {"type": ["integer", "null"]}
        required.append("consumer_generation")
    if mappings:
        properties["mappings"] = {
            "type": "object",
            "minProperties": 1,
            "patternProperties": {
                GROUP_SUFFIX_PATTERN: {"type": "array", "minItems": 1, "items": {"type": "string", "format": "uuid"}},
            },
        }
    if consumer_type:
        properties["consumer_type"] = {
            "type": "string", "pattern": CONSUMER_TYPE_PATTERN, "minLength": 1, "maxLength": 255,
        }
        required.append("consumer_type")
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def _many(consumer: dict, min_consumers: int = 1) -> dict:
    """POST /allocations: the consumer form keyed by consumer uuid."""
    return {
        "type": "object",
        "minProperties": min_consumers,
        "patternProperties": {UUID_PATTERN: consumer},
        "additionalProperties": False,
    }


# 1.12: the dict format; 1.28: a consumer generation, and {} empties; 1.34: mappings; 1.38: a type.
PUT_V1_12 = _consumer(1)
PUT_V1_28 = _consumer(0, generation=True)
PUT_V1_34 = _consumer(0, generation=True, mappings=True)
PUT_V1_38 = _consumer(0, generation=True, mappings=True, consumer_type=True)
PUT = (("1.0", PUT_V1_0), ("1.8", PUT_V1_8), ("1.12", PUT_V1_12), ("1.28", PUT_V1_28), ("1.34", PUT_V1_34),
       ("1.38", PUT_V1_38))

# POST accepts empty allocations at every version: that is how a consumer is cleared.
POST_V1_13 = _many(_consumer(0))
POST_V1_28 = _many(PUT_V1_28)
POST_V1_34 = _many(PUT_V1_34)
POST_V1_38 = _many(PUT_V1_38)
POST = (("1.13", POST_V1_13), ("1.28", POST_V1_28), ("1.34", POST_V1_34), ("1.38", POST_V1_38))

