"""Placement's errors: an HTTP status plus the `code` clients branch on (microversion 1.23)."""
from rest_framework import status
from rest_framework.exceptions import APIException

UNDEFINED = "placement.undefined_code"
CONCURRENT_UPDATE = "placement.concurrent_update"
DUPLICATE_NAME = "placement.duplicate_name"
INVENTORY_INUSE = "placement.inventory.inuse"
PROVIDER_INUSE = "placement.resource_provider.inuse"
PROVIDER_CANNOT_DELETE_PARENT = "placement.resource_provider.cannot_delete_parent"
PROVIDER_ROOT_CONFLICT = "placement.resource_provider.root_provider_conflict"
PROVIDER_NOT_FOUND = "placement.resource_provider.not_found"
QUERY_AMBIGUOUS_PARAM = "placement.query.duplicate_key"
QUERY_BAD_VALUE = "placement.query.bad_value"
QUERY_MISSING_VALUE = "placement.query.missing_value"


class PlacementError(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    placement_code = UNDEFINED

    def __init__(self, detail, code: str | None = None, status_code: int | None = None):
        super().__init__(detail)
        if code:
            self.placement_code = code
        if status_code:
            self.status_code = status_code


class BadRequest(PlacementError):
    status_code = status.HTTP_400_BAD_REQUEST


class NotFound(PlacementError):
    status_code = status.HTTP_404_NOT_FOUND


class Conflict(PlacementError):
    status_code = status.HTTP_409_CONFLICT


class ConcurrentUpdate(Conflict):
    placement_code = CONCURRENT_UPDATE
