"""Image data as files under one directory: written to a temporary file, then renamed into place."""
import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from images.storage.base import ImageStorage

logger = logging.getLogger(__name__)


class FileSystemStorage(ImageStorage):
    def __init__(self, location):
        super().__init__(Path(location))

    def path(self, image_id: str) -> Path:
        # Ids are UUIDs checked by the caller; the name check keeps a bad one from escaping the root.
        name = str(image_id)
        if not name or "/" in name or name.startswith("."):
            raise ValueError(f"invalid image id {name!r}")
        return self.location / name

    def write(self, image_id: str, chunks: Iterable[bytes]) -> int:
        """Stream into `.<id>.<random>.partial` beside the target, fsync, then rename over it."""
        target = self.path(image_id)
        self.location.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=self.location)
        written = 0
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    out.write(chunk)
                    written += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        logger.info("stored %s bytes of image %s at %s", written, image_id, target)
        return written

    def open(self, image_id: str) -> BinaryIO:
        return open(self.path(image_id), "rb")  # noqa: SIM115 (the response closes it)

    def delete(self, image_id: str) -> None:
        self.path(image_id).unlink(missing_ok=True)

    def exists(self, image_id: str) -> bool:
        return self.path(image_id).is_file()

    def check(self) -> str | None:
        try:
            self.location.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return f"cannot create the image directory {self.location}: {exc.strerror}"
        if not os.access(self.location, os.W_OK | os.X_OK):
            return f"the image directory {self.location} is not writable"
        return None
