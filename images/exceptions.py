"""The image service's refusals, each an HTTP status with Glance's wording supplied by the caller."""
from rest_framework import status
from rest_framework.exceptions import APIException


class ImageError(APIException):
    status_code = status.HTTP_400_BAD_REQUEST


class BadRequest(ImageError):
    status_code = status.HTTP_400_BAD_REQUEST


class Forbidden(ImageError):
    status_code = status.HTTP_403_FORBIDDEN


class NotFound(ImageError):
    status_code = status.HTTP_404_NOT_FOUND


class Conflict(ImageError):
    status_code = status.HTTP_409_CONFLICT


class TooLarge(ImageError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE


class UnsupportedMediaType(ImageError):
    status_code = status.HTTP_415_UNSUPPORTED_MEDIA_TYPE


def image_not_found(image_id) -> NotFound:
    return NotFound(f"No image found with ID {image_id}")
