"""Who sees which image: Glance's visibility rules as querysets, and the policy targets of an image.

Private images are their owner's; public and community images are everyone's; a shared image is
its owner's and its members' (any member status may show it, only accepted ones list it).
Admins see every image. An image the caller cannot see is a 404, never a 403.
"""
import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet

from images.choices import Visibility
from images.exceptions import image_not_found
from images.models import Image, ImageMember
from images.policies import DENIED
from openstack_api.policy import authorize


def is_member(context, status=None) -> Exists:
    """An Exists() over the caller's membership of the outer image (in `status`, if given)."""
    members = ImageMember.objects.filter(image=OuterRef("pk"), member=context.project_id)
    if status is not None:
        members = members.filter(status=status)
    return Exists(members)


def visible_images(context) -> QuerySet:
    """Every image the caller may show (not what it lists by default: see services.listing)."""
    if context.is_admin:
        return Image.objects.all()
    return Image.objects.filter(
        Q(owner=context.project_id)
        | Q(visibility__in=[Visibility.PUBLIC, Visibility.COMMUNITY])
        | (Q(visibility=Visibility.SHARED) & is_member(context))
    )


def parse_id(image_id) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(image_id))
    except ValueError:
        return None


def get_visible(context, image_id, *, for_update=False) -> Image:
    """The image with this id if the caller may see it, else Glance's 404."""
    key = parse_id(image_id)
    queryset = visible_images(context)
    if for_update:
        queryset = queryset.select_for_update()
    image = queryset.filter(pk=key).first() if key else None
    if image is None:
        raise image_not_found(image_id)
    return image


def target(context, image: Image) -> dict:
    """The policy target Glance builds for an image."""
    member = ""
    shared_with_caller = image.visibility == Visibility.SHARED and context.project_id != image.owner
    if shared_with_caller and ImageMember.objects.filter(image=image, member=context.project_id).exists():
        member = context.project_id
    return {"project_id": image.owner or "", "member_id": member, "visibility": image.visibility}


def enforce(context, rule: str, image: Image | None = None, target_dict: dict | None = None) -> None:
    """Raise Glance's 403 unless `rule` allows the caller on this image (or target)."""
    authorize(context, rule, target_dict if target_dict is not None else target(context, image), message=DENIED)
