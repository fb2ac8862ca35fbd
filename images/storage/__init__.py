"""Where image data lives, behind a small interface; XCOMPUTE_IMAGE_STORAGE_BACKEND picks the class."""
from django.conf import settings
from django.utils.module_loading import import_string

from images.storage.base import ImageStorage


def get_storage() -> ImageStorage:
    """The configured backend, rooted at XCOMPUTE_IMAGE_DIR (built per call: settings may change in tests)."""
    backend = import_string(settings.XCOMPUTE_IMAGE_STORAGE_BACKEND)
    return backend(settings.XCOMPUTE_IMAGE_DIR)
