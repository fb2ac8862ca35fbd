"""Request schemas of /resource_providers, per microversion (tables for `wire.for_version`)."""
_NAME = {"type": "string", "maxLength": 200}
_UUID = {"type": "string", "format": "uuid"}
_PARENT = {"anyOf": [_UUID, {"type": "null"}]}

CREATE_V1_0 = {
    "type": "object",
    "properties": {"name": _NAME, "uuid": _UUID},
    "required": ["name"],
    "additionalProperties": False,
}
# 1.14: a provider may name its parent.
CREATE_V1_14 = {**CREATE_V1_0, "properties": {**CREATE_V1_0["properties"], "parent_provider_uuid": _PARENT}}
CREATE = (("1.0", CREATE_V1_0), ("1.14", CREATE_V1_14))

UPDATE_V1_0 = {
    "type": "object",
    "properties": {"name": _NAME},
    "required": ["name"],
    "additionalProperties": False,
}
UPDATE_V1_14 = {**UPDATE_V1_0, "properties": {**UPDATE_V1_0["properties"], "parent_provider_uuid": _PARENT}}
UPDATE = (("1.0", UPDATE_V1_0), ("1.14", UPDATE_V1_14))

# Query parameters of GET /resource_providers. `resources` (1.4) keeps providers with room for
# every amount (placement.queries.candidates.providers_with_room); `member_of` and `required` are parsed further in `provider_query`.
_QUERY_V1_0 = {"name": {"type": "string"}, "uuid": _UUID}
_QUERY_V1_3 = {**_QUERY_V1_0, "member_of": {"type": "string"}}
_QUERY_V1_4 = {**_QUERY_V1_3, "resources": {"type": "string"}}
_QUERY_V1_14 = {**_QUERY_V1_4, "in_tree": _UUID}
_QUERY_V1_18 = {**_QUERY_V1_14, "required": {"type": "string"}}
LIST_QUERY = (
    ("1.0", _QUERY_V1_0), ("1.3", _QUERY_V1_3), ("1.4", _QUERY_V1_4), ("1.14", _QUERY_V1_14), ("1.18", _QUERY_V1_18),
)
