"""Register the test guest built by `make guest-image` (<var>/guest-image/manifest.json) as public images.

Each file of the manifest becomes one image with the formats and properties the manifest gives.
Image ids derive from the file's name and sha256, so running this again keeps images whose
content is unchanged and replaces those whose file was rebuilt. An AMI-style (`ami`) disk gets
`kernel_id`/`ramdisk_id` pointing at the kernel and ramdisk registered beside it.
"""
import hashlib
import json
import logging
import uuid
from pathlib import Path

from images.choices import Status, Visibility
from images.models import Image
from images.services import data, records
from openstack_api.auth import expand_roles
from openstack_api.context import RequestContext

logger = logging.getLogger(__name__)

NAMESPACE = uuid.UUID("4f1c7f6e-2d0b-4d36-9c55-6f1b8b7a9e21")
PROPERTY = "xcompute_guest_file"  # marks the images this module owns, by manifest file name
NAMES = {"aki": "xcompute-guest-kernel", "ari": "xcompute-guest-ramdisk"}
DEFAULT_NAME = "xcompute-guest"


def system_context() -> RequestContext:
    return RequestContext(user_id="xcompute-bootstrap", project_id="admin", roles=expand_roles(["admin"]))


def register(directory: Path) -> list[Image]:
    """Register every file the manifest describes; nothing (and no error) when there is no manifest."""
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        return []
    files = json.loads(manifest_path.read_text()).get("files", {})
    ordered = sorted(files.items(), key=lambda item: item[1].get("disk_format") not in NAMES)  # kernels first
    registered, by_format = [], {}
    for file_name, entry in ordered:
        if not (directory / file_name).is_file():
            logger.warning("guest image file %s is in the manifest but missing; skipped", file_name)
            continue
        image = _register_file(directory / file_name, entry, by_format)
        by_format[entry.get("disk_format")] = image
        registered.append(image)
    return registered


def _register_file(path: Path, entry: dict, by_format: dict) -> Image:
    image_id = uuid.uuid5(NAMESPACE, f"{path.name}:{entry.get('sha256', '')}")
    existing = Image.objects.filter(pk=image_id).first()
    if existing is not None and existing.status == Status.ACTIVE:
        return existing
    context = system_context()
    if existing is not None:  # an upload that never finished: start again
        records.delete(context, image_id)
    for stale in Image.objects.filter(**{f"properties__{PROPERTY}": path.name}).exclude(pk=image_id):
        records.delete(context, stale.id)
    image = records.create(context, _body(path, entry, image_id, by_format))
    with path.open("rb") as stream:
        image = data.upload(context, image.id, stream, path.stat().st_size)
    _verify(image, path, entry, context)
    logger.info("registered guest image %s (%s) from %s", image.name, image.id, path)
    return image


def _body(path: Path, entry: dict, image_id, by_format: dict) -> dict:
    disk_format = entry.get("disk_format", "raw")
    body = {
        "id": str(image_id),
        "name": NAMES.get(disk_format, DEFAULT_NAME),
        "disk_format": disk_format,
        "container_format": entry.get("container_format", "bare"),
        "visibility": Visibility.PUBLIC,
        "min_disk": int(entry.get("min_disk", 0)),
        "min_ram": int(entry.get("min_ram", 0)),
        **{key: str(value) for key, value in entry.get("properties", {}).items()},
        PROPERTY: path.name,
    }
    if disk_format == "ami":
        for kind, key in (("aki", "kernel_id"), ("ari", "ramdisk_id")):
            if kind in by_format:
                body[key] = str(by_format[kind].id)
    return body


def _verify(image: Image, path: Path, entry: dict, context) -> None:
    """The stored bytes must be the ones the manifest describes; a mismatch is not kept."""
    expected = entry.get("sha256")
    if not expected:
        return
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(chunk)
    if digest.hexdigest() != expected:
        records.delete(context, image.id)
        raise ValueError(f"{path} does not match the sha256 in its manifest")
