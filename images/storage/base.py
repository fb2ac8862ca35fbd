"""The storage interface: write a stream of chunks atomically, open, delete. Hashing is the caller's."""
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import BinaryIO


class ImageStorage(ABC):
    """A store of image data keyed by image id.

    `write` must leave nothing behind when the chunks stop with an exception, and must never
    expose a partly written image under its key: readers see the old data or the whole new data.
    """

    def __init__(self, location):
        self.location = location

    @abstractmethod
    def write(self, image_id: str, chunks: Iterable[bytes]) -> int:
        """Store every chunk under `image_id` and return the number of bytes written."""

    @abstractmethod
    def open(self, image_id: str) -> BinaryIO:
        """A binary file object positioned at the start of the data (FileNotFoundError if none)."""

    @abstractmethod
    def delete(self, image_id: str) -> None:
        """Remove the data; deleting what is not there is not an error."""

    @abstractmethod
    def exists(self, image_id: str) -> bool:
        """Whether data is stored under `image_id`."""

    def check(self) -> str | None:
        """A sentence saying why this store cannot work, or None (used by the system check)."""
        return None
