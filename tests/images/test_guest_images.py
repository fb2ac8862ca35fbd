"""Bootstrap registers `make guest-image`'s files as public images, once."""
import hashlib
import io
import json

import pytest
from django.core.management import call_command

from images.models import Image
from images.services import guest_images


def write_guest(directory, disk_content=b"qcow2 disk"):
    directory.mkdir(parents=True, exist_ok=True)
    files = {"vmlinuz": b"kernel", "initrd.img": b"ramdisk", "disk.qcow2": disk_content}
    for name, content in files.items():
        (directory / name).write_bytes(content)

    def entry(name, disk, container, **extra):
        return {"disk_format": disk, "container_format": container, "size": len(files[name]),
                "sha256": hashlib.sha256(files[name]).hexdigest(), **extra}

    manifest = {"files": {
        "vmlinuz": entry("vmlinuz", "aki", "aki"),
        "initrd.img": entry("initrd.img", "ari", "ari"),
        "disk.qcow2": entry("disk.qcow2", "qcow2", "bare", min_disk=1, properties={"hw_disk_bus": "virtio"}),
    }}
    (directory / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.django_db
def test_the_guest_files_become_active_public_images_once(image_urls, tmp_path):
    write_guest(tmp_path / "guest-image")

    first = guest_images.register(tmp_path / "guest-image")
    again = guest_images.register(tmp_path / "guest-image")

    assert [image.id for image in first] == [image.id for image in again]
    images = {image.name: image for image in Image.objects.all()}
    assert set(images) == {"xcompute-guest-kernel", "xcompute-guest-ramdisk", "xcompute-guest"}
    assert {(image.status, image.visibility) for image in images.values()} == {("active", "public")}
    disk = images["xcompute-guest"]
    assert (disk.disk_format, disk.min_disk, disk.properties["hw_disk_bus"]) == ("qcow2", 1, "virtio")
    assert images["xcompute-guest-kernel"].container_format == "aki"


@pytest.mark.django_db
def test_a_rebuilt_file_replaces_its_image(image_urls, tmp_path):
    write_guest(tmp_path / "guest-image")
    guest_images.register(tmp_path / "guest-image")
    write_guest(tmp_path / "guest-image", disk_content=b"a newer disk")

    guest_images.register(tmp_path / "guest-image")

    disks = Image.objects.filter(name="xcompute-guest")
    assert [disk.size for disk in disks] == [len(b"a newer disk")]


@pytest.mark.django_db
def test_bootstrap_registers_the_guest_image_and_skips_silently_without_one(settings, image_urls, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("bootstrap", stdout=io.StringIO())
    assert not Image.objects.exists()

    write_guest(tmp_path / "guest-image")
    output = io.StringIO()
    call_command("bootstrap", stdout=output)
    assert Image.objects.count() == 3
    assert "xcompute-guest-kernel" in output.getvalue()
