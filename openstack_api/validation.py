"""JSON-schema validation of request bodies, with Nova's wording for what is wrong."""
import base64
import binascii
import unicodedata
import uuid

import jsonschema
from oslo_utils import timeutils
from rest_framework import exceptions

# Nova's `boolean` parameter type: JSON booleans and the strings its clients have always sent.
BOOLEAN = {
    "type": ["boolean", "string"],
    "enum": [True, "True", "TRUE", "true", "1", "ON", "On", "on", "YES", "Yes", "yes",
             False, "False", "FALSE", "false", "0", "OFF", "Off", "off", "NO", "No", "no"],
}
TRUE_STRINGS = {"true", "1", "on", "yes"}

# The `format`s Nova's schemas use, checked as Nova checks them (jsonschema's own need extra packages).
FORMAT_CHECKER = jsonschema.FormatChecker(formats=())


def as_uuid(value) -> uuid.UUID | None:
    """`value` as a UUID, or None when it is not one (an id nothing can have)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@FORMAT_CHECKER.checks("uuid", raises=ValueError)
def _is_uuid(value) -> bool:
    return not isinstance(value, str) or bool(uuid.UUID(value))


@FORMAT_CHECKER.checks("base64", raises=(binascii.Error, TypeError))
def _is_base64(value) -> bool:
    """Nova's check: whatever `base64.decodebytes` accepts (it skips characters outside the alphabet)."""
    if isinstance(value, str):
        base64.decodebytes(value.encode("utf-8"))
    return True


@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _is_date_time(value) -> bool:
    """ISO 8601 as `oslo_utils.timeutils.parse_isotime` reads it (changes-since and friends)."""
    if isinstance(value, str):
        timeutils.parse_isotime(value)
    return True


def to_bool(value) -> bool:
    return value if isinstance(value, bool) else str(value).lower() in TRUE_STRINGS


def printable(text: str) -> bool:
    """Nova's printable characters: no control or format characters, and no whitespace but spaces."""
    for char in text:
        category = unicodedata.category(char)
        if category.startswith("C") or (category.startswith("Z") and category != "Zs"):
            return False
    return True


def check_name(value: str) -> None:
    """Nova's `name` format (servers, flavors, keypairs...): printable, no leading or trailing whitespace."""
    if not printable(value) or value != value.strip():
        raise exceptions.ValidationError({"detail": (
            "An invalid 'name' value was provided. The name must be: printable characters. "
            "Can not start or end with whitespace."
        )})


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
    validator = jsonschema.Draft4Validator(schema, format_checker=FORMAT_CHECKER)
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
    """Nova names the innermost field only (`ram`, not `flavor/ram`)."""
    return str(error.absolute_path[-1]) if error.absolute_path else "body"


def multi_params(schema: dict) -> dict:
    """A query parameter's schema: clients may repeat a parameter, so its values come as a list."""
    return {"type": "array", "items": schema}


def validate_query(query_params, schema) -> dict:
    """Check query parameters (a QueryDict) against `schema`; return them as {name: [values]}.

    Nova's wording: `Invalid input for query parameters <name>. Value: <value>. <reason>`, or the bare
    reason for parameters the schema does not allow.
    """
    params = dict(query_params.lists())
    validator = jsonschema.Draft4Validator(schema, format_checker=FORMAT_CHECKER)
    error = jsonschema.exceptions.best_match(validator.iter_errors(params))
    if error is None:
        return params
    if not error.absolute_path:
        message = error.message
        if error.validator == "additionalProperties":
            message = f"Additional properties are not allowed ({_extra_properties(error)} was unexpected)"
        raise exceptions.ValidationError({"detail": message})
    raise exceptions.ValidationError({"detail": (
        f"Invalid input for query parameters {error.absolute_path[0]}. Value: {error.instance}. {error.message}"
    )})


def _extra_properties(error) -> str:
    allowed = set(error.schema.get("properties", {}))
    extra = sorted(set(error.instance) - allowed)
    return ", ".join(repr(name) for name in extra)
