"""An instance's disk files, made with the real `qemu-img`: a qcow2 root overlay, ephemeral and swap.

Nova's file names: `disk` (root), `disk.local` (the flavor's ephemeral disk), `disk.swap`.

Each instance has a directory `<instances_path>/<uuid>` holding its disks; the root disk is a
copy-on-write qcow2 overlay of the image's base file in the image cache, so booting costs no copy.
Creating a disk that already exists returns it unchanged when it is what would be created (a
retried build), and raises otherwise: these helpers never overwrite a guest's data.
"""
import json
import shutil
import subprocess
import uuid as uuidlib
from pathlib import Path

from hostagent.virt.exceptions import VirtError

QEMU_IMG = "qemu-img"
MKSWAP = "mkswap"
GiB = 1024 ** 3
MiB = 1024 ** 2
EPHEMERAL_LABEL = "ephemeral0"
EPHEMERAL_FS_BY_OS_TYPE = {"linux": "ext4", "windows": "ntfs"}
DEFAULT_EPHEMERAL_FS = "vfat"
# mkfs per file system; each ends with its label option.
MKFS = {"ext4": ("mkfs.ext4", "-F", "-q", "-L"), "ext3": ("mkfs.ext3", "-F", "-q", "-L"),
        "xfs": ("mkfs.xfs", "-f", "-q", "-L"), "vfat": ("mkfs.vfat", "-n"), "ntfs": ("mkfs.ntfs", "-F", "-Q", "-L")}


def instance_dir(instances_path, uuid: str) -> Path:
    """The directory of the instance's files; the uuid is checked, since the path is later removed."""
    try:
        canonical = str(uuidlib.UUID(uuid))
    except (ValueError, TypeError, AttributeError) as exc:
        raise VirtError(f"invalid instance uuid {uuid!r}") from exc
    return Path(instances_path) / canonical


def image_info(path: Path) -> dict:
    """`qemu-img info --output=json` of one file (not its chain); shared so a running guest's disk is readable."""
    return json.loads(_run(QEMU_IMG, "info", "--force-share", "--output=json", str(path)))


def create_root_disk(base: Path, target: Path, size_gb: int) -> Path:
    """A qcow2 overlay backed by `base`, as big as `size_gb` or the base's virtual size, whichever is bigger.

    A `size_gb` of 0 (Nova's "as big as the image") and one smaller than the image both keep the
    base's size: shrinking would cut off the guest's file system. A base that itself has a backing
    file is refused, since an image could otherwise point the overlay at any file on the host.
    """
    base = Path(base).resolve()
    info = image_info(base)
    if info.get("backing-filename") or info.get("format-specific", {}).get("data", {}).get("data-file"):
        raise VirtError(f"image {base.name} refers to other files; refusing it as a base")
    size = max(size_gb * GiB, info["virtual-size"])
    if _existing(target, "qcow2", size, backing=str(base)):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _run(QEMU_IMG, "create", "-q", "-f", "qcow2", "-b", str(base), "-F", info["format"], str(target), str(size))
    return target


def create_ephemeral(target: Path, size_gb: int, os_type: str = "", fs_format: str = "") -> Path:
    """A sparse raw disk of `size_gb` GiB with a file system labelled `ephemeral0`, as Nova makes it.

    The file system is `fs_format` when given (Nova's default_ephemeral_format), else the one Nova
    picks for the image's os_type: ext4 for linux, ntfs for windows, vfat for anything else.
    """
    size = size_gb * GiB
    if _existing(target, "raw", size):
        return target
    fs_format = fs_format or EPHEMERAL_FS_BY_OS_TYPE.get(os_type, DEFAULT_EPHEMERAL_FS)
    if fs_format not in MKFS:
        raise VirtError(f"cannot make a {fs_format!r} file system on ephemeral disks (known: {', '.join(MKFS)})")
    target.parent.mkdir(parents=True, exist_ok=True)
    _run(QEMU_IMG, "create", "-q", "-f", "raw", str(target), str(size))
    try:
        _run(*MKFS[fs_format], EPHEMERAL_LABEL, str(target))
    except VirtError:
        target.unlink(missing_ok=True)  # a retried build must not find an unformatted disk "as asked"
        raise
    return target


def create_swap(target: Path, size_mb: int) -> Path:
    """A sparse raw disk of `size_mb` MiB with a swap signature, so the guest can `swapon` it as is.

    Raw because `mkswap` writes the signature straight into the file; a qcow2 would need qemu-nbd.
    """
    size = size_mb * MiB
    if _existing(target, "raw", size):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _run(QEMU_IMG, "create", "-q", "-f", "raw", str(target), str(size))
    _run(MKSWAP, "--label", "swap", str(target))
    return target


def remove_instance_dir(instances_path, uuid: str) -> bool:
    """Remove the instance's directory and its disks; False when there was none (idempotent)."""
    directory = instance_dir(instances_path, uuid)
    if not directory.exists():
        return False
    shutil.rmtree(directory)
    return True


def _existing(target: Path, disk_format: str, size: int, backing: str | None = None) -> bool:
    """True when `target` is already the disk asked for; VirtError when it is a different one."""
    if not target.exists():
        return False
    info = image_info(target)
    if (info["format"], info["virtual-size"], info.get("backing-filename")) != (disk_format, size, backing):
        raise VirtError(f"{target} already exists as a different disk ({info['format']}, "
                        f"{info['virtual-size']} bytes, backing {info.get('backing-filename')}); not overwriting it")
    return True


def _run(*command: str) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except FileNotFoundError as exc:
        raise VirtError(f"{command[0]} is not installed on this host") from exc
    except subprocess.TimeoutExpired as exc:
        raise VirtError(f"{' '.join(command[:2])} timed out") from exc
    if result.returncode != 0:
        raise VirtError(f"{' '.join(command[:2])} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout
