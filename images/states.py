"""Image status changes, all through one compare-and-swap that checks Glance's allowed transitions."""
from django.utils import timezone

from images.choices import Status
from images.exceptions import Conflict
from images.models import Image

TRANSITIONS = {
    Status.QUEUED: {Status.SAVING},
    # An upload that fails goes back to queued, as Glance's does, so the client can retry.
    Status.SAVING: {Status.ACTIVE, Status.QUEUED, Status.KILLED},
    Status.ACTIVE: {Status.DEACTIVATED},
    Status.DEACTIVATED: {Status.ACTIVE},
    Status.KILLED: set(),
}


def allowed(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, set())


def transition(image: Image, new: str, **fields) -> bool:
    """Move `image` to `new` only if its row still has the status `image` holds; True if it did.

    The compare on the row makes two concurrent uploads, or an upload racing a delete, safe.
    """
    current = image.status
    if not allowed(current, new):
        raise Conflict(f"Image status transition from {current} to {new} is not allowed")
    now = timezone.now()
    changed = Image.objects.filter(pk=image.pk, status=current).update(status=new, updated_at=now, **fields)
    if changed:
        image.status, image.updated_at = new, now
        for name, value in fields.items():
            setattr(image, name, value)
    return bool(changed)
