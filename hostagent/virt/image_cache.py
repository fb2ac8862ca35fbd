"""A host's cache of image data: each image is downloaded once into `<base_dir>/_base/<image_id>`.

Instances boot from copy-on-write overlays of these base files (see `libvirt/disks.py`), so a base
file is never written after it is renamed into place. Downloads go to a temp file in the same
directory and are renamed only after the data matches the image record's hash, so a reader never
sees a partial or corrupt base. Within one process, concurrent fetches of one image share a lock
and one download; across processes the atomic rename keeps the worst case to a duplicate download.

Every fetch touches the base file (mtime), and `prune` removes bases that no instance uses and no
fetch has touched for a while. mtime rather than atime because hosts often mount with noatime.
"""
import hashlib
import logging
import os
import re
import tempfile
import threading
import time
from pathlib import Path

import requests

from hostagent.virt.exceptions import VirtError

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1024 * 1024
TIMEOUT = (10, 60)  # connect, read (between chunks) in seconds
TEMP_SUFFIX = ".part"
# Image ids become file names: allow Glance's ids (uuids) and nothing that could leave the directory.
IMAGE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")


class ImageCache:
    """Downloads, verifies and ages out the base images of one host."""

    def __init__(self, base_dir, image_url: str, token: str, session: requests.Session | None = None):
        self.directory = Path(base_dir) / "_base"
        self.image_url = image_url.rstrip("/")
        self.token = token
        self.session = session or requests.Session()
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def path(self, image_id: str) -> Path:
        """Where the image's base file lives (whether or not it is there yet)."""
        if not IMAGE_ID.match(image_id):
            raise VirtError(f"invalid image id {image_id!r}")
        return self.directory / image_id

    def fetch(self, image_id: str) -> Path:
        """The image's verified base file, downloading it first if this host does not have it."""
        path = self.path(image_id)
        with self._lock(image_id):
            if not path.exists():
                self._download(image_id, path)
            os.utime(path)  # the age prune() goes by
        return path

    def prune(self, in_use: set[str], max_age_seconds: int) -> list[str]:
        """Remove base files not in `in_use` and not fetched for `max_age_seconds`; the removed ids."""
        if not self.directory.is_dir():
            return []
        cutoff = time.time() - max_age_seconds
        removed = []
        for entry in sorted(self.directory.iterdir()):
            if entry.name.endswith(TEMP_SUFFIX):
                _remove_stale_temp(entry, cutoff)
            elif entry.name not in in_use and IMAGE_ID.match(entry.name):
                # Under the image's lock, so a fetch cannot hand out a path that is being removed.
                with self._lock(entry.name):
                    if entry.exists() and entry.stat().st_mtime < cutoff:
                        entry.unlink()
                        removed.append(entry.name)
        if removed:
            logger.info("image cache removed unused bases %s", ", ".join(removed))
        return removed

    def _lock(self, image_id: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(image_id, threading.Lock())

    def _get(self, url: str, **kwargs) -> requests.Response:
        try:
            response = self.session.get(url, headers={"X-Auth-Token": self.token}, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as exc:
            raise VirtError(f"cannot reach the image API at {url}: {exc}") from exc
        if response.status_code != 200:
            response.close()
            raise VirtError(f"the image API answered {response.status_code} for {url}")
        return response

    def _expected_hash(self, image_id: str) -> tuple[str, str]:
        """The (algorithm, hex digest) the record promises: os_hash when set, else the md5 checksum."""
        record = self._get(f"{self.image_url}/v2/images/{image_id}").json()
        if record.get("os_hash_algo") and record.get("os_hash_value"):
            algorithm, value = record["os_hash_algo"], record["os_hash_value"]
            if algorithm not in hashlib.algorithms_available:
                raise VirtError(f"image {image_id} has an unknown hash algorithm {algorithm!r}")
            return algorithm, value.lower()
        if record.get("checksum"):
            return "md5", record["checksum"].lower()
        raise VirtError(f"image {image_id} has no checksum (status {record.get('status')}); refusing its data")

    def _download(self, image_id: str, path: Path) -> None:
        algorithm, expected = self._expected_hash(image_id)
        self.directory.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        handle, temp_name = tempfile.mkstemp(dir=self.directory, prefix=f".{image_id}.", suffix=TEMP_SUFFIX)
        try:
            with os.fdopen(handle, "wb") as temp:
                actual, size = self._stream(image_id, temp, algorithm)
                temp.flush()
                os.fsync(temp.fileno())
            if actual != expected:
                raise VirtError(f"image {image_id} data does not match its {algorithm} checksum: "
                                f"expected {expected}, got {actual}")
            # mkstemp makes 0600 files; the hypervisor's user must be able to read the backing file.
            os.chmod(temp_name, 0o644)
            os.replace(temp_name, path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        logger.info("image cache downloaded %s (%d bytes) in %.1fs", image_id, size, time.monotonic() - started)

    def _stream(self, image_id: str, temp, algorithm: str) -> tuple[str, int]:
        """Write the image data to `temp` in chunks; its hex digest and size."""
        digest, size = hashlib.new(algorithm), 0
        with self._get(f"{self.image_url}/v2/images/{image_id}/file", stream=True) as response:
            try:
                for chunk in response.iter_content(CHUNK_SIZE):
                    temp.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
            except requests.RequestException as exc:
                raise VirtError(f"download of image {image_id} broke off after {size} bytes: {exc}") from exc
        return digest.hexdigest(), size


def _remove_stale_temp(entry: Path, cutoff: float) -> None:
    """A temp file left by a crashed download (a live one is written to, so its mtime is recent)."""
    try:
        if entry.stat().st_mtime < cutoff:
            entry.unlink()
    except FileNotFoundError:
        pass
