"""A real guest with a config drive: QEMU starts it with the ISO as its cdrom, which goes with the guest."""
import json
import subprocess
import uuid
from xml.etree import ElementTree

import pytest

from hostagent.virt.image_cache import ImageCache
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import RUNNING, ConfigDrive, GuestKey, InstanceSpec
from tests.e2e.conftest import wait_until
from tests.hostagent.test_real_guest import TOKEN, upload

pytestmark = pytest.mark.e2e
KEY = GuestKey("k1", "ssh", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMAk08M0SZZ1wnWm6dTpoi9tOqJAm7yiUQ7E5E/vy6PM me@host")


def test_a_real_guest_boots_with_its_config_drive_attached_and_the_drive_goes_with_it(
        image_api_url, guest_image, instances_path):
    # given the test guest and an instance with a key pair
    image_id = upload(image_api_url, guest_image.path("disk.qcow2"))
    driver = LibvirtDriver("qemu:///system", str(instances_path), virt_type="auto",
                           image_cache=ImageCache(instances_path, image_api_url, TOKEN["X-Auth-Token"]))
    instance_uuid = str(uuid.uuid4())
    drive = ConfigDrive(uuid=instance_uuid, name="guest", hostname="guest", project_id="p", keys=(KEY,))
    spec = InstanceSpec(uuid=instance_uuid, display_name="guest", project_id="p", flavor_name="m1.tiny", vcpus=1,
                        memory_mb=256, root_gb=1, image_uuid=image_id, config_drive=drive)
    iso = instances_path / instance_uuid / "disk.config"
    try:
        # when it is spawned, then it runs with the drive as its cdrom and reaches its marker
        assert driver.spawn(spec) == RUNNING
        with driver.connection() as connection:
            xml = ElementTree.fromstring(connection.lookupByUUIDString(instance_uuid).XMLDesc(0))
        [cdrom] = xml.findall("./devices/disk[@device='cdrom']")
        assert (cdrom.find("source").get("file"), cdrom.find("target").get("dev")) == (str(iso), "hdd")
        meta = subprocess.run(["isoinfo", "-R", "-i", str(iso), "-x", "/openstack/latest/meta_data.json"],
                              capture_output=True, text=True, check=True).stdout
        assert json.loads(meta)["public_keys"] == {"k1": KEY.data}
        console = instances_path / instance_uuid / "console.log"
        wait_until(lambda: console.exists() and guest_image.manifest["marker"] in console.read_text(errors="replace"),
                   timeout=180, what="the guest's marker on its serial console")
    finally:
        driver.destroy(instance_uuid)
        driver.close()
    # and once destroyed, the drive is gone with the instance's directory
    assert not iso.exists() and not (instances_path / instance_uuid).exists()
