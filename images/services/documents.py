"""An image as the document clients write: base attributes, `tags` and extra properties, validated.

Create and JSON-patch both build a document, check it against Glance's image schema and write it
back to the row in one place, so the two paths cannot drift apart.
"""
import jsonschema

from images.exceptions import BadRequest, Forbidden
from images.models import Image
from images.schema import BASE_ATTRIBUTES, IMAGE_SCHEMA, READ_ONLY, RESERVED
from openstack_api.validation import reject_nul

# Base attributes a client may write (the rest of the base attributes are the service's).
WRITABLE = ("name", "visibility", "protected", "os_hidden", "owner", "disk_format", "container_format",
            "min_disk", "min_ram")


def refuse_protected_names(names, *, writable_id=False) -> None:
    """Glance's 403s for attributes only the service sets, and for reserved names."""
    for name in names:
        if name in READ_ONLY or (name == "id" and not writable_id):
            raise Forbidden(f"Attribute '{name}' is read-only.")
        if name in RESERVED:
            raise Forbidden(f"Attribute '{name}' is reserved.")


def validate(document: dict) -> dict:
    """The document when it matches the image schema, else a 400 naming what is wrong."""
    reject_nul(document, "body")
    if not isinstance(document, dict):
        raise BadRequest("Provided object does not match schema 'image': the body must be a JSON object")
    validator = jsonschema.Draft4Validator(IMAGE_SCHEMA)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path)
        where = f" (attribute '{where}')" if where else ""
        raise BadRequest(f"Provided object does not match schema 'image': {error.message}{where}")
    for key in document:
        if len(key) > 255:
            raise BadRequest(f"Property name '{key[:32]}...' is longer than 255 characters.")
    return document


def of(image: Image, tags: list[str]) -> dict:
    """The writable document of an existing image."""
    document = dict(image.properties)
    document.update({name: getattr(image, name) for name in WRITABLE})
    document["tags"] = list(tags)
    return document


def apply(image: Image, document: dict) -> list[str]:
    """Write the document's attributes and properties onto the (unsaved) row; return its tags."""
    for name in WRITABLE:
        if name in document:
            setattr(image, name, document[name])
    image.properties = {key: value for key, value in document.items()
                        if key not in BASE_ATTRIBUTES and key != "tags"}
    # Unique tags in the order first given, as Glance keeps them.
    return list(dict.fromkeys(document.get("tags") or []))
