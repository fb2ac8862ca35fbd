"""Request schemas of /resource_classes (1.2); from 1.7 PUT takes no body, only the name in the URL."""
from placement.api.schemas.traits import CUSTOM_NAME_PATTERN

RESOURCE_CLASS = {
    "type": "object",
    "properties": {"name": {"type": "string", "pattern": CUSTOM_NAME_PATTERN, "maxLength": 255}},
    "required": ["name"],
    "additionalProperties": False,
}
