"""Glance's JSON patch (`application/openstack-images-v2.1-json-patch`) applied to an image document.

Paths name one top-level attribute (`/name`, `/tags`, `/hw_disk_bus`); `add` sets, `replace` needs
an existing value, `remove` deletes an extra property. Read-only attributes are a 403, as in Glance.
"""
from images.exceptions import BadRequest, Conflict, Forbidden
from images.schema import BASE_ATTRIBUTES
from images.services.documents import refuse_protected_names

OPERATIONS = ("add", "replace", "remove")


def attribute_of(path) -> str:
    """The attribute a JSON pointer names (with ~1 and ~0 unescaped); only one level deep."""
    if not isinstance(path, str) or not path.startswith("/") or len(path) < 2:
        raise BadRequest(f"Invalid JSON pointer for this resource: '{path}'")
    parts = path[1:].split("/")
    if len(parts) != 1:
        raise BadRequest(f"Invalid JSON pointer for this resource: '{path}'")
    return parts[0].replace("~1", "/").replace("~0", "~")


def parse(body) -> list[tuple[str, str, object]]:
    """(op, attribute, value) for each change, refusing malformed ones with a 400."""
    if not isinstance(body, list):
        raise BadRequest("Request body must be a JSON array of operation objects.")
    changes = []
    for change in body:
        if not isinstance(change, dict) or change.get("op") not in OPERATIONS:
            raise BadRequest('Operation objects must contain exactly one member named "add", "remove", '
                             'or "replace".')
        if "path" not in change:
            raise BadRequest("Unable to find 'path' in JSON Schema change")
        if change["op"] != "remove" and "value" not in change:
            raise BadRequest(f"Operation \"{change['op']}\" requires a member named \"value\".")
        changes.append((change["op"], attribute_of(change["path"]), change.get("value")))
    return changes


def apply(document: dict, changes) -> dict:
    """A new document with every change applied in order."""
    result = dict(document)
    for op, name, value in changes:
        refuse_protected_names([name])
        if op == "add":
            result[name] = value
        elif op == "replace":
            if name not in result and name not in BASE_ATTRIBUTES:
                raise Conflict(f"Property {name} does not exist.")
            result[name] = value
        else:
            _remove(result, name)
    return result


def _remove(document: dict, name: str) -> None:
    if name == "tags":
        document["tags"] = []
    elif name in BASE_ATTRIBUTES:
        raise Forbidden(f"Attribute '{name}' is a base attribute and cannot be removed.")
    elif name not in document:
        raise Conflict(f"Property {name} does not exist.")
    else:
        del document[name]
