"""A real guest through the libvirt driver: image from the image service, overlay disk, QEMU.

The driver runs against the machine's libvirtd (`qemu:///system`, QEMU software emulation when
KVM is not usable) with the test guest built by `ops/guest-image.sh`, uploaded to a real image API.
"""
import uuid

import pytest
import requests
from django.conf import settings

from hostagent.virt.image_cache import ImageCache
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import RUNNING, InstanceSpec
from tests.e2e.conftest import wait_until

pytestmark = pytest.mark.e2e
TOKEN = {"X-Auth-Token": "admin:admin"}


def upload(image_api_url, path) -> str:
    record = requests.post(f"{image_api_url}/v2/images", json={
        "name": "guest", "disk_format": "qcow2", "container_format": "bare", "visibility": "public"},
        headers=TOKEN, timeout=10).json()
    with open(path, "rb") as data:
        response = requests.put(f"{image_api_url}/v2/images/{record['id']}/file", data=data, timeout=60,
                                headers={**TOKEN, "Content-Type": "application/octet-stream"})
    assert response.status_code == 204, response.text
    return record["id"]


@pytest.fixture
def instances_path():
    """Under the checkout's var/ (QEMU runs as its own user and must reach the files; /tmp's pytest
    directories are private to root)."""
    path = settings.VAR_DIR / "test-instances"
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o755)
    return path


def test_a_real_guest_boots_from_its_image_prints_its_marker_and_leaves_nothing_when_destroyed(
        image_api_url, guest_image, instances_path):
    # given the test guest in the image service and a driver on this machine's libvirtd
    image_id = upload(image_api_url, guest_image.path("disk.qcow2"))
    driver = LibvirtDriver("qemu:///system", str(instances_path), virt_type="auto",
                           image_cache=ImageCache(instances_path, image_api_url, TOKEN["X-Auth-Token"]))
    spec = InstanceSpec(uuid=str(uuid.uuid4()), display_name="guest", project_id="p", flavor_name="m1.tiny",
                        vcpus=1, memory_mb=256, root_gb=1, image_uuid=image_id)
    console = instances_path / spec.uuid / "console.log"
    try:
        # when it is spawned, then it runs and its serial log shows the guest's marker
        assert driver.spawn(spec) == RUNNING
        marker = guest_image.manifest["marker"]
        wait_until(lambda: console.exists() and marker in console.read_text(errors="replace"), timeout=180,
                   what="the guest's marker on its serial console")
    finally:
        driver.destroy(spec.uuid)
        driver.close()
    # and once destroyed, neither its domain nor its files remain
    assert not (instances_path / spec.uuid).exists()
    checker = LibvirtDriver("qemu:///system", str(instances_path))
    assert spec.uuid not in checker.instance_uuids()
    checker.close()
