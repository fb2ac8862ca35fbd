"""JSON-schema validation of request bodies, with Nova's wording for what is wrong."""
import jsonschema
from rest_framework import exceptions

# Nova's `boolean` parameter type: JSON booleans and the strings its clients have always sent.
BOOLEAN = {
    "type": ["boolean", "string"],
    "enum": [True, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes",
             False, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no"],
}
TRUE_STRINGS = {"true", "1", "on", "yes"}


def to_bool(value) -> bool:
    return value if isinstance(value, bool) else str(value).lower() in TRUE_STRINGS


def reject_nul(value, where: str) -> None:
    """No database stores NUL characters in text; refuse them at the door with a 400."""
    if isinstance(value, str) and "\x00" in value:
        raise exceptions.ValidationError({"detail": f"Invalid input for {where}: NUL characters are not allowed."})
    if isinstance(value, dict):
        for key, item in value.items():
            reject_nul(key, where)
            reject_nul(item, f"{where}/{key}" if where != "body" else f"field/attribute {key}")
    elif isinstance(value, list):
        for item in value:
            reject_nul(item, where)


def validate(body, schema) -> dict:
    """Return the body when it matches `schema`, else raise a 400 naming the bad field."""
    reject_nul(body, "body")
    validator = jsonschema.Draft4Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(body))
    if error is None:
        return body
    if error.validator == "additionalProperties":
        message = f"Additional properties are not allowed ({_extra_properties(error)} was unexpected)"
        raise exceptions.ValidationError({"detail": f"Invalid input for field/attribute {_path(error)}. {message}"})
    if error.validator == "required":
        raise exceptions.ValidationError({"detail": f"Invalid input for field/attribute {_path(error)}. {error.message}"})
    raise exceptions.ValidationError(
        {"detail": f"Invalid input for field/attribute {_path(error)}. Value: {error.instance}. {error.message}"}
    )


def _path(error) -> str:
    return "/".join(str(part) for part in error.absolute_path) or "body"


def _extra_properties(error) -> str:
    allowed = set(error.schema.get("properties", {}))
    extra = sorted(set(error.instance) - allowed)
    return ", ".join(repr(name) for name in extra)
