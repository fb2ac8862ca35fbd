"""Image data: streamed uploads (queued -> saving -> active) and downloads.

The body is read from the request stream in fixed-size chunks, hashed on the way (md5 for
`checksum`, sha512 for `os_hash_value`) and written by the storage backend to a temporary file
that is renamed into place, so memory use does not grow with the image. A failed or interrupted
upload puts the image back to `queued` (Glance's behaviour, so the client can retry) and leaves no
partial file behind.
"""
import hashlib
import logging
from collections.abc import Iterator
from typing import BinaryIO

from django.conf import settings
from django.db import transaction

from images import states
from images.choices import HASH_ALGORITHM, Status
from images.exceptions import BadRequest, Conflict, Forbidden, TooLarge
from images.models import Image
from images.services.access import enforce, get_visible
from images.storage import get_storage

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
AMAZON_FORMATS = ("aki", "ari", "ami")


class IncompleteUpload(Exception):
    """The stream ended (or broke) before the body was complete."""


class Hasher:
    """Counts and hashes the chunks that pass through it."""

    def __init__(self):
        self.size = 0
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.digest = hashlib.new(HASH_ALGORITHM)

    def update(self, chunk: bytes) -> None:
        self.size += len(chunk)
        self.md5.update(chunk)
        self.digest.update(chunk)


def read_chunks(stream: BinaryIO, length: int | None, hasher: Hasher, cap: int) -> Iterator[bytes]:
    """Chunks of the body: `length` bytes when it is known, else until the stream ends (chunked)."""
    remaining = length
    while remaining is None or remaining > 0:
        try:
            chunk = stream.read(CHUNK_SIZE if remaining is None else min(CHUNK_SIZE, remaining))
        except Exception as exc:  # the client went away, or sent a broken chunked body (server-specific errors)
            raise IncompleteUpload(str(exc) or type(exc).__name__) from exc
        if not chunk:
            break
        hasher.update(chunk)
        if hasher.size > cap:
            raise TooLarge("The provided image is too large.")
        if remaining is not None:
            remaining -= len(chunk)
        yield chunk
    if remaining:
        raise IncompleteUpload(f"{remaining} of {length} bytes never arrived")


def _start(context, image_id, length: int | None) -> Image:
    """Check the upload may begin and move the image to `saving` (one upload at a time)."""
    with transaction.atomic():
        image = get_visible(context, image_id, for_update=True)
        enforce(context, "upload_image", image)
        if not image.disk_format or not image.container_format:
            raise BadRequest("Properties disk_format, container_format must be set prior to saving data.")
        if (image.disk_format in AMAZON_FORMATS or image.container_format in AMAZON_FORMATS) \
                and image.disk_format != image.container_format:
            raise BadRequest("Invalid mix of disk and container formats. When setting a disk or container "
                             "format to one of 'aki', 'ari', or 'ami', the container and disk formats must match.")
        if length is not None and length > settings.XCOMPUTE_IMAGE_SIZE_CAP:
            raise TooLarge("The provided image is too large.")
        if image.status != Status.QUEUED:
            raise Conflict(f"Image status transition from {image.status} to saving is not allowed")
        states.transition(image, Status.SAVING)
    return image


def upload(context, image_id, stream: BinaryIO, length: int | None) -> Image:
    """Store the body as the image's data; on any failure the image is queued again."""
    image = _start(context, image_id, length)
    storage, hasher = get_storage(), Hasher()
    try:
        storage.write(str(image.id), read_chunks(stream, length, hasher, settings.XCOMPUTE_IMAGE_SIZE_CAP))
    except BaseException as exc:
        states.transition(image, Status.QUEUED)
        logger.warning("upload of image %s failed after %s bytes (%s); image queued again",
                       image.id, hasher.size, exc.__class__.__name__)
        if isinstance(exc, IncompleteUpload):
            raise BadRequest(f"Image data was incomplete: {exc}") from exc
        raise
    activated = states.transition(
        image, Status.ACTIVE, size=hasher.size, checksum=hasher.md5.hexdigest(),
        os_hash_algo=HASH_ALGORITHM, os_hash_value=hasher.digest.hexdigest())
    if not activated:  # deleted (or changed) while we were writing: drop the orphaned data
        storage.delete(str(image.id))
        raise Conflict(f"Image {image.id} could not be found after upload. The image may have been deleted "
                       "during the upload.")
    logger.info("image %s active: %s bytes, md5 %s", image.id, image.size, image.checksum)
    return image


def open_data(context, image_id) -> tuple[Image, BinaryIO | None]:
    """The image and its data opened for reading, or None when it has none yet (a 204)."""
    image = get_visible(context, image_id)
    enforce(context, "download_image", image)
    if image.status == Status.DEACTIVATED and not context.is_admin:
        raise Forbidden("The requested image has been deactivated. Image data download is forbidden.")
    if image.status not in (Status.ACTIVE, Status.DEACTIVATED):
        return image, None
    try:
        return image, get_storage().open(str(image.id))
    except FileNotFoundError:
        logger.error("image %s is %s but its data is missing from the store", image.id, image.status)
        return image, None
