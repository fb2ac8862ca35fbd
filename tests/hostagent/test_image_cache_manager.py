"""The image cache manager: bases a guest uses are kept however old, unused old ones are removed."""
import os
import subprocess
import time
import uuid

import pytest

from hostagent.image_cache_manager import ImageCacheManager
from hostagent.virt.image_cache import ImageCache
from hostagent.virt.libvirt.domain_xml import GuestFiles, domain_xml
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import InstanceSpec

DAY = 86400


@pytest.fixture
def driver(tmp_path):
    driver = LibvirtDriver("test:///default", str(tmp_path))
    yield driver
    for leftover in driver.instance_uuids():
        driver.destroy(leftover)
    driver.close()


def base(tmp_path, image_id, age=2 * DAY):
    """A cached base image last fetched `age` seconds ago."""
    path = tmp_path / "_base" / image_id
    path.parent.mkdir(exist_ok=True)
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", str(path), "1M"], check=True)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def define(driver, tmp_path, image_id, kernel=None):
    """A guest defined on the (simulated) host, its XML naming the image and maybe a cached kernel."""
    spec = InstanceSpec(uuid=str(uuid.uuid4()), display_name="g", project_id="p", flavor_name="f", vcpus=1,
                        memory_mb=64, root_gb=1, image_uuid=image_id, kernel_id=kernel or "")
    files = GuestFiles(str(tmp_path / spec.uuid / "disk"), str(tmp_path / spec.uuid / "console.log"),
                       kernel=str(tmp_path / "_base" / kernel) if kernel else None)
    with driver.connection() as connection:
        connection.defineXML(domain_xml(spec, virt_type="test", files=files))
    return spec.uuid


def test_bases_used_by_guests_stay_however_old_and_unused_old_ones_go(tmp_path, driver):
    # given old bases: a root image and a kernel of defined guests, one behind an instance's disk, one unused
    for image_id in ("root-image", "kernel-image", "overlaid-image", "unused-image", "fresh-unused"):
        base(tmp_path, image_id, age=60 if image_id == "fresh-unused" else 2 * DAY)
    define(driver, tmp_path, "root-image", kernel="kernel-image")
    instance = tmp_path / str(uuid.uuid4())
    instance.mkdir()
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-b", str(tmp_path / "_base" / "overlaid-image"),
                    "-F", "qcow2", str(instance / "disk")], check=True)
    manager = ImageCacheManager(ImageCache(tmp_path, "http://127.0.0.1:9", "t"), driver, interval=2400,
                                minimum_age=DAY)
    # when the manager runs, then only the unused base older than the minimum age is removed
    assert driver.images_in_use() >= {"root-image", "kernel-image", "overlaid-image"}
    assert manager.run_once() == ["unused-image"]
    assert sorted(p.name for p in (tmp_path / "_base").iterdir()) == [
        "fresh-unused", "kernel-image", "overlaid-image", "root-image"]


def test_with_removal_disabled_nothing_is_removed(tmp_path, driver):
    base(tmp_path, "unused-image")
    manager = ImageCacheManager(ImageCache(tmp_path, "http://127.0.0.1:9", "t"), driver, interval=2400,
                                minimum_age=DAY, remove_unused=False)
    assert manager.run_once() == []
    assert (tmp_path / "_base" / "unused-image").exists()
