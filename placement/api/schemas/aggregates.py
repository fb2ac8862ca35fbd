"""Request schemas of PUT /resource_providers/{uuid}/aggregates: a bare list (1.1), then an
object carrying the provider generation (1.19)."""
_AGGREGATES = {"type": "array", "items": {"type": "string", "format": "uuid"}, "uniqueItems": True}

AGGREGATES_V1_19 = {
    "type": "object",
    "properties": {"aggregates": _AGGREGATES, "resource_provider_generation": {"type": "integer"}},
    "required": ["aggregates", "resource_provider_generation"],
    "additionalProperties": False,
}
AGGREGATES = (("1.1", _AGGREGATES), ("1.19", AGGREGATES_V1_19))
