"""Members of shared images: the owner adds projects, each member accepts or rejects the image."""
import logging

from django.db import IntegrityError, transaction

from images.choices import MemberStatus, Visibility
from images.exceptions import BadRequest, Conflict, Forbidden, NotFound
from images.models import Image, ImageMember
from images.services.access import enforce, get_visible

logger = logging.getLogger(__name__)


def _shared_image(context, image_id, rule: str) -> Image:
    image = get_visible(context, image_id)
    enforce(context, rule, image)
    if image.visibility != Visibility.SHARED:
        raise Forbidden("Only shared images have members.")
    return image


def _member_target(image: Image, member_id: str) -> dict:
    return {"project_id": image.owner or "", "member_id": member_id, "visibility": image.visibility}


def create(context, image_id, member_id) -> ImageMember:
    if not isinstance(member_id, str) or not member_id or len(member_id) > 255:
        raise BadRequest("Member to be added not specified")
    image = _shared_image(context, image_id, "add_member")
    try:
        with transaction.atomic():
            member = ImageMember.objects.create(image=image, member=member_id)
    except IntegrityError:
        raise Conflict(f"Member {member_id} is duplicated for image {image.id}") from None
    logger.info("image %s shared with project %s", image.id, member_id)
    return member


def listed(context, image_id) -> list[ImageMember]:
    """The owner (and an admin) sees every member; a member sees only itself."""
    image = _shared_image(context, image_id, "get_members")
    members = ImageMember.objects.filter(image=image)
    if image.owner != context.project_id and not context.is_admin:
        members = members.filter(member=context.project_id)
    return list(members)


def get(context, image_id, member_id) -> ImageMember:
    image = get_visible(context, image_id)
    member = ImageMember.objects.filter(image=image, member=member_id).first()
    if member is None:
        raise NotFound(f"Member {member_id} not found")
    enforce(context, "get_member", target_dict=_member_target(image, member_id))
    return member


def update_status(context, image_id, member_id, status) -> ImageMember:
    """Only the member project itself accepts or rejects."""
    if status not in MemberStatus.values:
        raise BadRequest(f"Invalid status: {status!r}; it must be one of {', '.join(MemberStatus.values)}")
    member = get(context, image_id, member_id)
    enforce(context, "modify_member", target_dict=_member_target(member.image, member_id))
    member.status = status
    member.save(update_fields=["status", "updated_at"])
    logger.info("project %s %s image %s", member_id, status, member.image_id)
    return member


def delete(context, image_id, member_id) -> None:
    image = _shared_image(context, image_id, "delete_member")
    deleted, _ = ImageMember.objects.filter(image=image, member=member_id).delete()
    if not deleted:
        raise NotFound(f"Member {member_id} not found")
    logger.info("image %s no longer shared with project %s", image.id, member_id)
