"""rebuild: the server anew from an image on the same host; 202 with the server as Nova renders it."""
from types import SimpleNamespace

from rest_framework import status
from rest_framework.response import Response

from images.choices import Status
from images.exceptions import NotFound as ImageNotFound
from images.services.access import get_visible
from instances import policies
from instances.api import wire
from instances.api.create_body import _check_description, _password
from instances.api.server_actions import schemas
from instances.services import boot as checks
from instances.services import records, server_actions
from instances.services.metadata import check_limit
from openstack_api.validation import check_name, validate

FULL_BODY_VERSION = "2.75"  # from here the answer carries every attribute GET shows (as PUT's)
KEY_NAME_VERSION, USER_DATA_VERSION = "2.54", "2.57"


def rebuild(view, request, server_id, body):
    rebuild_body = validate(body, schemas.rebuild_schema(request.version))["rebuild"]
    instance = view.server(server_id, policies.SERVERS % "rebuild")
    server_actions.check(view.context, instance, "rebuild")  # Nova's 409s come before the image's 400s
    image = _image(view.context, rebuild_body["imageRef"])
    checks.check_image_fits(view.context, SimpleNamespace(**instance.flavor), image)
    changes = _changes(view.context, instance, rebuild_body)
    server_actions.rebuild(view.context, instance, image, metadata=rebuild_body.get("metadata"), **changes)
    instance = records.get(view.context, server_id, for_detail=True)
    groups = None if request.version >= FULL_BODY_VERSION else (wire.BASE, wire.SHOW)
    server = wire.detail(instance, view.rendering([instance], groups=groups))
    if KEY_NAME_VERSION <= request.version < FULL_BODY_VERSION:
        server["key_name"] = instance.key_name
    if request.version >= USER_DATA_VERSION:
        server["user_data"] = instance.user_data
    server["adminPass"] = rebuild_body.get("adminPass") or _password()
    response = Response({"server": server}, status=status.HTTP_202_ACCEPTED)
    response["Location"] = server["links"][0]["href"]
    return response


def _image(context, image_ref):
    """The image to rebuild from, as the caller may see it: Nova's 400s for a missing or inactive one."""
    try:
        image = get_visible(context, checks.id_from_href(image_ref))
    except ImageNotFound:
        raise checks.bad_request("Cannot find image for rebuild") from None
    if image.status != Status.ACTIVE:
        raise checks.bad_request(f"Image {image.id} is not active.")
    return image


def _changes(context, instance, rebuild_body: dict) -> dict:
    """The instance columns the body changes along with the image."""
    changes = {}
    if "name" in rebuild_body:
        check_name(rebuild_body["name"])
        changes["display_name"] = rebuild_body["name"]
    if "description" in rebuild_body:
        _check_description(rebuild_body["description"])
        changes["description"] = rebuild_body["description"]
    if "metadata" in rebuild_body:
        check_limit(rebuild_body["metadata"], instance.project_id)
    if "key_name" in rebuild_body:  # null unsets it; a name is one of the caller's key pairs (2.54)
        key_pair = checks.resolve_key_pair(context, rebuild_body["key_name"])
        changes["key_name"] = key_pair.name if key_pair else None
        changes["key_data"] = key_pair.public_key if key_pair else None
    if "user_data" in rebuild_body:
        changes["user_data"] = rebuild_body["user_data"]
    return changes


HANDLERS = {"rebuild": rebuild}
