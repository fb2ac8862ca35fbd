"""Request body checks as Neutron's attribute maps do them: known names, converted values, clear 400s."""
from networks import exceptions

TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no")


def to_bool(name):
    def convert(value):
        if isinstance(value, bool):
            return value
        if isinstance(value, str | int) and str(value).lower() in TRUE + FALSE:
            return str(value).lower() in TRUE
        raise exceptions.InvalidInput(f"'{value}' cannot be converted to boolean for {name}")
    return convert


def string(name, max_length=255, nullable=False):
    def convert(value):
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            raise exceptions.InvalidInput(f"'{value}' is not a valid string for {name}")
        if len(value) > max_length:
            raise exceptions.InvalidInput(f"'{value}' exceeds maximum length of {max_length} for {name}")
        return value
    return convert


def integer(name, minimum=None, maximum=None):
    def convert(value):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise exceptions.InvalidInput(f"'{value}' is not an integer for {name}") from None
        if isinstance(value, bool) or str(number) != str(value).strip():
            raise exceptions.InvalidInput(f"'{value}' is not an integer for {name}")
        if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
            raise exceptions.InvalidInput(f"'{value}' is out of range for {name} ({minimum}..{maximum})")
        return number
    return convert


def list_of(name, item=None):
    def convert(value):
        if not isinstance(value, list):
            raise exceptions.InvalidInput(f"'{value}' is not a list for {name}")
        return [item(entry) for entry in value] if item else value
    return convert


def anything(value):
    return value


def resource_body(data, resource: str, allowed: dict, method: str) -> dict:
    """`{resource: {...}}` from the request, each attribute converted; unknown ones refused."""
    if not isinstance(data, dict) or not isinstance(data.get(resource), dict) or len(data) != 1:
        raise exceptions.BadRequest(f"Resource body required: a JSON object with one member '{resource}'")
    body = data[resource]
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise exceptions.BadRequest(f"Unrecognized attribute(s) '{', '.join(unknown)}'")
    result = {}
    for name, value in body.items():
        convert = allowed[name]
        if convert is None:
            raise exceptions.BadRequest(f"Attribute '{name}' not allowed in {method}")
        result[name] = convert(value)
    return result
