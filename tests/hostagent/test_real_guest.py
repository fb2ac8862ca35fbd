"""A real guest through the libvirt driver: images from the image service, disks, QEMU.

The driver runs against the machine's libvirtd (`qemu:///system`, QEMU software emulation when
KVM is not usable) with the test guest built by `ops/guest-image.sh`, uploaded to a real image API.
Guests boot slowly under software emulation, so one guest boots to its marker.
"""
import uuid

import pytest
import requests

from hostagent.power_sync import SYNC_HOST, SYNC_INSTANCE, PowerStateSync
from hostagent.virt.image_cache import ImageCache
from hostagent.virt.libvirt.disks import image_info
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import RUNNING, SHUTDOWN, InstanceSpec
from tests.e2e.conftest import wait_until
from tests.hostagent.test_power_sync import RecordingApp

pytestmark = pytest.mark.e2e
TOKEN = {"X-Auth-Token": "admin:admin"}


def upload(image_api_url, path, disk_format="qcow2", container_format="bare") -> str:
    record = requests.post(f"{image_api_url}/v2/images", json={
        "name": path.name, "disk_format": disk_format, "container_format": container_format,
        "visibility": "public"}, headers=TOKEN, timeout=10).json()
    with open(path, "rb") as data:
        response = requests.put(f"{image_api_url}/v2/images/{record['id']}/file", data=data, timeout=60,
                                headers={**TOKEN, "Content-Type": "application/octet-stream"})
    assert response.status_code == 204, response.text
    return record["id"]


class CountingSession(requests.Session):
    """Counts the image data downloads (GET .../file) the image cache makes."""

    downloads = 0

    def get(self, url, *args, **kwargs):
        if url.endswith("/file"):
            self.downloads += 1
        return super().get(url, *args, **kwargs)


def spec(image_id, **fields) -> InstanceSpec:
    return InstanceSpec(uuid=str(uuid.uuid4()), display_name="guest", project_id="p", flavor_name="m1.tiny",
                        vcpus=1, memory_mb=256, root_gb=1, image_uuid=image_id, **fields)


def test_a_kernel_image_boots_with_ephemeral_and_swap_halts_itself_the_next_guest_reuses_the_cache_and_nothing_stays(
        image_api_url, guest_image, instances_path):
    # given the test guest's disk, kernel and initramfs in the image service, and a driver on this machine
    image_id = upload(image_api_url, guest_image.path("disk.qcow2"))
    kernel_id = upload(image_api_url, guest_image.path("vmlinuz"), "aki", "aki")
    ramdisk_id = upload(image_api_url, guest_image.path("initrd.img"), "ari", "ari")
    session = CountingSession()
    # qemu forced: a KVM attempt that QEMU cannot use costs libvirtd a minute on this machine before the fallback
    driver = LibvirtDriver("qemu:///system", str(instances_path), virt_type="qemu",
                           image_cache=ImageCache(instances_path, image_api_url, TOKEN["X-Auth-Token"], session))
    direct = spec(image_id, kernel_id=kernel_id, ramdisk_id=ramdisk_id, ephemeral_gb=1, swap_mb=16, os_type="linux",
                  os_command_line=guest_image.manifest["kernel_cmdline"])
    second = spec(image_id)
    console = instances_path / direct.uuid / "console.log"
    try:
        # when it is spawned with its kernel, then it runs and its serial log shows the guest's marker
        assert driver.spawn(direct) == RUNNING
        with driver.connection() as connection:
            xml = connection.lookupByUUIDString(direct.uuid).XMLDesc()
        assert f"<kernel>{instances_path}/_base/{kernel_id}</kernel>" in xml
        assert f"<initrd>{instances_path}/_base/{ramdisk_id}</initrd>" in xml
        assert "<target dev='vdb' bus='virtio'/>" in xml and "<target dev='vdc' bus='virtio'/>" in xml
        assert image_info(instances_path / direct.uuid / "disk.local")["virtual-size"] == 1024 ** 3
        assert image_info(instances_path / direct.uuid / "disk.swap")["virtual-size"] == 16 * 1024 ** 2
        marker = guest_image.manifest["marker"]
        wait_until(lambda: console.exists() and marker in console.read_text(errors="replace"), timeout=300,
                   what="the guest's marker on its serial console")
        # and when its ACPI power button is pressed behind the agent's back, the guest powers itself off
        # and the agent's lifecycle events report it off
        app = RecordingApp()
        watcher = PowerStateSync(app, driver, "hv1", interval=-1, events_uri="qemu:///system").start()
        try:
            wait_until(lambda: any(name == SYNC_HOST for name, _ in app.sent), what="the subscription")
            with driver.connection() as connection:
                connection.lookupByUUIDString(direct.uuid).shutdown()
            wait_until(lambda: (SYNC_INSTANCE, SHUTDOWN) in app.about(direct.uuid), timeout=120,
                       what="the guest's own power-off reported")
        finally:
            watcher.stop()
        # and a second guest of the same image gets its disk from the cached base: no download (its files
        # only: starting QEMU again would add nothing to the cache but minutes of libvirtd here)
        assert session.downloads == 3
        files = driver._prepare_guest(second)
        assert session.downloads == 3
        assert image_info(files.root_disk)["backing-filename"] == str(instances_path / "_base" / image_id)
    finally:
        driver.destroy(direct.uuid)
        driver.destroy(second.uuid)
        driver.close()
    # and once destroyed, neither their domains nor any of their files remain; the cache does
    assert not (instances_path / direct.uuid).exists() and not (instances_path / second.uuid).exists()
    assert (instances_path / "_base" / image_id).exists()
    checker = LibvirtDriver("qemu:///system", str(instances_path))
    assert not {direct.uuid, second.uuid} & set(checker.instance_uuids())
    checker.close()
