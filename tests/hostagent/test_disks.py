"""An instance's disks, made with the real qemu-img on small files in a temporary directory."""
import subprocess
import uuid

import pytest

from hostagent.virt.exceptions import VirtError
from hostagent.virt.libvirt.disks import (
    GiB,
    MiB,
    create_ephemeral,
    create_root_disk,
    create_swap,
    image_info,
    instance_dir,
    remove_instance_dir,
)

INSTANCE = "0b5a0d8e-7c4f-4f7a-9a43-2f6c1d2e3f40"


def make_base(path, size="64M", disk_format="qcow2"):
    subprocess.run(["qemu-img", "create", "-q", "-f", disk_format, str(path), size], check=True)
    return path


@pytest.fixture
def base(tmp_path):
    (tmp_path / "_base").mkdir()
    return make_base(tmp_path / "_base" / "image")


def test_the_instance_directory_is_named_after_its_uuid(tmp_path):
    assert instance_dir(tmp_path, INSTANCE) == tmp_path / INSTANCE


def test_an_instance_directory_for_something_that_is_not_a_uuid_is_refused(tmp_path):
    with pytest.raises(VirtError, match="invalid instance uuid"):
        instance_dir(tmp_path, "../etc")


def test_a_root_disk_is_a_qcow2_overlay_of_the_base_grown_to_the_flavor_size(tmp_path, base):
    target = instance_dir(tmp_path, INSTANCE) / "disk"

    create_root_disk(base, target, size_gb=1)

    info = image_info(target)
    assert info["format"] == "qcow2"
    assert info["virtual-size"] == 1 * GiB
    assert info["backing-filename"] == str(base)
    assert info["backing-filename-format"] == "qcow2"


def test_a_root_disk_over_a_raw_base_names_raw_as_the_backing_format(tmp_path):
    raw = make_base(tmp_path / "raw-image", disk_format="raw")

    create_root_disk(raw, tmp_path / "disk", size_gb=1)

    assert image_info(tmp_path / "disk")["backing-filename-format"] == "raw"


def test_a_root_disk_never_shrinks_below_the_base(tmp_path):
    base = make_base(tmp_path / "big-image", size="2G")

    create_root_disk(base, tmp_path / "disk", size_gb=1)

    assert image_info(tmp_path / "disk")["virtual-size"] == 2 * GiB


def test_a_flavor_without_root_size_keeps_the_base_size(tmp_path, base):
    create_root_disk(base, tmp_path / "disk", size_gb=0)

    assert image_info(tmp_path / "disk")["virtual-size"] == 64 * MiB


def test_creating_the_same_root_disk_again_keeps_the_existing_one(tmp_path, base):
    target = create_root_disk(base, tmp_path / "disk", size_gb=1)
    before = target.stat().st_mtime_ns

    create_root_disk(base, target, size_gb=1)

    assert target.stat().st_mtime_ns == before


def test_a_root_disk_over_an_existing_different_disk_is_refused(tmp_path, base):
    create_ephemeral(tmp_path / "disk", size_gb=1)

    with pytest.raises(VirtError, match="already exists"):
        create_root_disk(base, tmp_path / "disk", size_gb=1)


def test_a_base_that_has_a_backing_file_of_its_own_is_refused(tmp_path, base):
    sneaky = tmp_path / "sneaky"
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-b", str(base), "-F", "qcow2", str(sneaky)], check=True)

    with pytest.raises(VirtError, match="refers to other files"):
        create_root_disk(sneaky, tmp_path / "disk", size_gb=1)


def blkid(path) -> dict:
    """The file system's type and label, read by blkid from the file itself."""
    out = subprocess.run(["blkid", "-o", "export", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def test_an_ephemeral_disk_is_a_sparse_raw_disk_of_the_flavor_size_formatted_vfat_by_default(tmp_path):
    target = create_ephemeral(instance_dir(tmp_path, INSTANCE) / "disk.local", size_gb=2)

    info = image_info(target)
    assert (info["format"], info["virtual-size"], info.get("backing-filename")) == ("raw", 2 * GiB, None)
    assert info["actual-size"] < 64 * MiB  # sparse: the file system's metadata only
    found = blkid(target)
    assert (found["TYPE"], found["LABEL"]) == ("vfat", "ephemeral0")


def test_a_linux_images_ephemeral_disk_is_ext4_and_a_configured_format_wins(tmp_path):
    linux = create_ephemeral(tmp_path / "linux.local", size_gb=1, os_type="linux")
    configured = create_ephemeral(tmp_path / "configured.local", size_gb=1, os_type="linux", fs_format="ext3")

    assert (blkid(linux)["TYPE"], blkid(linux)["LABEL"]) == ("ext4", "ephemeral0")
    assert blkid(configured)["TYPE"] == "ext3"


def test_an_unknown_ephemeral_format_is_refused_and_leaves_no_file(tmp_path):
    with pytest.raises(VirtError, match="cannot make a 'zfs' file system"):
        create_ephemeral(tmp_path / "disk.local", size_gb=1, fs_format="zfs")
    assert not (tmp_path / "disk.local").exists()


def test_a_swap_disk_is_a_raw_file_with_a_swap_signature(tmp_path):
    target = create_swap(instance_dir(tmp_path, INSTANCE) / "disk.swap", size_mb=16)

    info = image_info(target)
    assert (info["format"], info["virtual-size"]) == ("raw", 16 * MiB)
    with open(target, "rb") as swap:
        swap.seek(4096 - 10)
        assert swap.read(10) == b"SWAPSPACE2"


def test_removing_an_instance_directory_removes_its_disks_and_is_idempotent(tmp_path, base):
    create_root_disk(base, instance_dir(tmp_path, INSTANCE) / "disk", size_gb=1)

    assert remove_instance_dir(tmp_path, INSTANCE) is True
    assert not instance_dir(tmp_path, INSTANCE).exists()
    assert base.exists()
    assert remove_instance_dir(tmp_path, INSTANCE) is False


def test_a_missing_base_is_a_virt_error(tmp_path):
    with pytest.raises(VirtError, match="qemu-img info failed"):
        create_root_disk(tmp_path / "nothing", tmp_path / "disk", size_gb=1)


def test_instance_uuids_are_canonicalised(tmp_path):
    assert instance_dir(tmp_path, INSTANCE.upper()).name == str(uuid.UUID(INSTANCE))
