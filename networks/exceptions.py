"""Neutron's errors by name: the name is the `type` of the NeutronError body clients read."""
from rest_framework import status
from rest_framework.exceptions import APIException


class NeutronException(APIException):
    status_code = status.HTTP_500_INTERNAL_SERVER_ERROR
    neutron_type = "NeutronException"

    def __init__(self, message: str):
        super().__init__(message)


class BadRequest(NeutronException):
    status_code = status.HTTP_400_BAD_REQUEST
    neutron_type = "HTTPBadRequest"


class InvalidInput(BadRequest):
    neutron_type = "InvalidInput"

    def __init__(self, message: str):
        super().__init__(f"Invalid input for operation: {message}.")


class InvalidAllocationPool(BadRequest):
    neutron_type = "InvalidAllocationPool"


class OverlappingAllocationPools(BadRequest):
    neutron_type = "OverlappingAllocationPools"


class NotFound(NeutronException):
    status_code = status.HTTP_404_NOT_FOUND
    neutron_type = "HTTPNotFound"


def not_found(kind: str, resource_id) -> NotFound:
    error = NotFound(f"{kind} {resource_id} could not be found.")
    error.neutron_type = f"{kind}NotFound"
    return error


class Conflict(NeutronException):
    status_code = status.HTTP_409_CONFLICT
    neutron_type = "Conflict"


def in_use(kind: str, message: str) -> Conflict:
    error = Conflict(message)
    error.neutron_type = f"{kind}InUse"
    return error


class IpAddressGenerationFailure(Conflict):
    neutron_type = "IpAddressGenerationFailure"


class IpAddressAlreadyAllocated(Conflict):
    neutron_type = "IpAddressAlreadyAllocated"


class OverQuota(Conflict):
    neutron_type = "OverQuota"


class PolicyNotAuthorized(NeutronException):
    status_code = status.HTTP_403_FORBIDDEN
    neutron_type = "PolicyNotAuthorized"
