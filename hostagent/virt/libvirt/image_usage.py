"""Which cached images the host's guests use, so the image cache never removes one of them."""
import logging
from pathlib import Path
from xml.etree import ElementTree

from hostagent.virt.exceptions import VirtError
from hostagent.virt.libvirt.disks import image_info
from hostagent.virt.libvirt.domain_xml import NOVA_NS

logger = logging.getLogger(__name__)


def images_in_use(connection, instances_path) -> set[str]:
    """Ids of the images the host's guests use, from two sources that cover each other's gaps:

    - each instance domain (running or not): its root image in the nova metadata, and a kernel or
      initrd that is a file of the cache;
    - each instance directory: the cached base behind its root disk (a guest being rebuilt or
      defined again has a directory before it has a domain).
    """
    base_dir = Path(instances_path) / "_base"
    used = set()
    for domain in connection.listAllDomains():
        if domain.name().startswith("instance-"):
            used |= _domain_images(ElementTree.fromstring(domain.XMLDesc()), base_dir)
    for directory in Path(instances_path).iterdir() if Path(instances_path).is_dir() else ():
        root_disk = directory / "disk"
        if directory.name != "_base" and root_disk.is_file():
            used |= _cached(_backing_file(root_disk), base_dir)
    return used


def _domain_images(domain: ElementTree.Element, base_dir: Path) -> set[str]:
    used = {root.get("uuid") for root in domain.iter(f"{{{NOVA_NS}}}root") if root.get("uuid")}
    for tag in ("os/kernel", "os/initrd"):
        element = domain.find(tag)
        if element is not None and element.text:
            used |= _cached(element.text, base_dir)
    return used


def _backing_file(disk: Path) -> str | None:
    try:
        return image_info(disk).get("backing-filename")
    except VirtError:  # being removed or written: the domain scan and the cache's age rule still hold
        logger.info("cannot read the backing file of %s", disk)
        return None


def _cached(path: str | None, base_dir: Path) -> set[str]:
    """{image id} when `path` is a file of the cache, else nothing."""
    return {Path(path).name} if path and Path(path).parent == base_dir else set()
