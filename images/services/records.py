"""Image records: create, update by JSON patch, delete, deactivate/reactivate and tags."""
import logging
import uuid

from django.db import IntegrityError, transaction

from images import states
from images.choices import Status, Visibility
from images.exceptions import BadRequest, Conflict, Forbidden, NotFound
from images.models import Image, ImageTag
from images.services import documents, patch
from images.services.access import enforce, get_visible
from images.storage import get_storage

logger = logging.getLogger(__name__)

# The extra rule a visibility needs on top of add_image / modify_image.
VISIBILITY_RULES = {Visibility.PUBLIC: "publicize_image", Visibility.COMMUNITY: "communitize_image"}


def _check_visibility(context, image: Image, visibility) -> None:
    rule = VISIBILITY_RULES.get(visibility)
    if rule:
        enforce(context, rule, image)


def _check_owner(context, owner) -> None:
    if owner != context.project_id and not context.is_admin:
        raise Forbidden(f"You are not permitted to create images owned by '{owner}'.")


def create(context, body) -> Image:
    """A queued image record from the create body (Glance's defaults: visibility `shared`)."""
    documents.refuse_protected_names(body if isinstance(body, dict) else {}, writable_id=True)
    document = documents.validate(body)
    image_id = uuid.UUID(document.pop("id")) if "id" in document else uuid.uuid4()
    image = Image(id=image_id, owner=context.project_id)
    tags = documents.apply(image, {"owner": context.project_id, **document})
    enforce(context, "add_image", image)
    _check_owner(context, image.owner)
    _check_visibility(context, image, image.visibility)
    try:
        with transaction.atomic():
            image.save(force_insert=True)
            ImageTag.objects.bulk_create([ImageTag(image=image, value=tag) for tag in tags])
    except IntegrityError:
        raise Conflict(f"Image with identifier {image_id} already exists!") from None
    logger.info("image %s created by %s/%s", image.id, context.project_id, context.user_id)
    return image


def tags_of(image: Image) -> list[str]:
    return [tag.value for tag in image.tags.all()]


@transaction.atomic
def update(context, image_id, body) -> Image:
    """Apply a JSON patch; read-only attributes are a 403, a broken result a 400."""
    changes = patch.parse(body)
    image = get_visible(context, image_id, for_update=True)
    enforce(context, "modify_image", image)
    document = patch.apply(documents.of(image, tags_of(image)), changes)
    documents.validate(document)
    if document["visibility"] != image.visibility:
        _check_visibility(context, image, document["visibility"])
    if document["owner"] != image.owner:
        _check_owner(context, document["owner"])
    tags = documents.apply(image, document)
    image.save()
    _replace_tags(image, tags)
    logger.info("image %s updated: %s", image.id, ", ".join(f"{op} {name}" for op, name, _ in changes))
    return image


def _replace_tags(image: Image, tags: list[str]) -> None:
    current = tags_of(image)
    if current != tags:
        ImageTag.objects.filter(image=image).delete()
        ImageTag.objects.bulk_create([ImageTag(image=image, value=tag) for tag in tags])


def delete(context, image_id) -> None:
    """Delete the record, then its data once the deletion is committed."""
    with transaction.atomic():
        image = get_visible(context, image_id, for_update=True)
        enforce(context, "delete_image", image)
        if image.protected:
            raise Forbidden(f"Image {image.id} is protected and cannot be deleted.")
        image.delete()
        transaction.on_commit(lambda: get_storage().delete(str(image_id)))
    logger.info("image %s deleted by %s/%s", image_id, context.project_id, context.user_id)


def deactivate(context, image_id) -> None:
    _switch(context, image_id, "deactivate", Status.ACTIVE, Status.DEACTIVATED)


def reactivate(context, image_id) -> None:
    _switch(context, image_id, "reactivate", Status.DEACTIVATED, Status.ACTIVE)


def _switch(context, image_id, action: str, source: str, goal: str) -> None:
    """Deactivate or reactivate: doing it twice is a no-op; from any other status it is a 403."""
    with transaction.atomic():
        image = get_visible(context, image_id, for_update=True)
        enforce(context, action, image)
        if image.status == goal:
            return
        if image.status != source:
            raise Forbidden(f"Not allowed to {action} image in status '{image.status}'")
        states.transition(image, goal)
    logger.info("image %s %sd by %s/%s", image.id, action, context.project_id, context.user_id)


def add_tag(context, image_id, tag: str) -> None:
    if len(tag) > 255:
        raise BadRequest("Tag must be at most 255 characters long.")
    with transaction.atomic():
        image = get_visible(context, image_id, for_update=True)
        enforce(context, "modify_image", image)
        ImageTag.objects.get_or_create(image=image, value=tag)
        image.save(update_fields=["updated_at"])


def remove_tag(context, image_id, tag: str) -> None:
    with transaction.atomic():
        image = get_visible(context, image_id, for_update=True)
        enforce(context, "modify_image", image)
        deleted, _ = ImageTag.objects.filter(image=image, value=tag).delete()
        if not deleted:
            raise NotFound(f"Tag {tag} not found")
        image.save(update_fields=["updated_at"])
