"""System check: an image store that cannot be loaded or written is refused at start-up."""
from django.core.checks import Error, register


@register()
def check_image_storage(app_configs=None, **kwargs):
    from django.conf import settings

    from images.storage import get_storage

    try:
        storage = get_storage()
    except (ImportError, TypeError) as exc:
        return [Error(f"XCOMPUTE_IMAGE_STORAGE_BACKEND={settings.XCOMPUTE_IMAGE_STORAGE_BACKEND!r} cannot be "
                      f"loaded: {exc}", id="xcompute.E101")]
    # Only the image API writes there; other processes need not create the directory.
    problem = storage.check() if settings.XCOMPUTE_API_SERVICE == "image" else None
    if problem:
        return [Error(problem, hint="set XCOMPUTE_IMAGE_DIR to a writable directory", id="xcompute.E102")]
    return []
