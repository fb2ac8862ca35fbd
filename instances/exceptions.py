"""Instance errors with Nova's names and wording; each is an HTTP error too, so the API renders it as Nova does.

The conductor catches the same classes (UnexpectedTaskState above all) without caring about HTTP.
"""
from rest_framework import status
from rest_framework.exceptions import APIException


class InstanceError(APIException):
    status_code = status.HTTP_400_BAD_REQUEST


class InstanceNotFound(InstanceError):
    status_code = status.HTTP_404_NOT_FOUND

    def __init__(self, instance_uuid):
        super().__init__(f"Instance {instance_uuid} could not be found.")


class UnexpectedTaskState(InstanceError):
    """The row moved on: its task (or vm) state is no longer what the caller expected."""

    status_code = status.HTTP_409_CONFLICT

    def __init__(self, instance_uuid, expected, actual, attr="task"):
        self.instance_uuid, self.expected, self.actual = instance_uuid, expected, actual
        super().__init__(f"Conflict updating instance {instance_uuid}. "
                         f"Expected: {{'{attr}_state': {list(expected)}}}. Actual: {{'{attr}_state': {actual!r}}}")


class InvalidTransition(InstanceError):
    """The allowed-transitions table refuses to go from this vm_state to that one."""

    status_code = status.HTTP_409_CONFLICT

    def __init__(self, instance_uuid, current, new):
        self.current, self.new = current, new
        super().__init__(f"Instance {instance_uuid} cannot go from vm_state {current} to {new}.")


class InstanceInvalidState(InstanceError):
    """Nova's refusal of an operation in the instance's current state (raise_http_conflict_for_instance_invalid_state)."""

    status_code = status.HTTP_409_CONFLICT

    def __init__(self, instance_uuid, action, attr, state):
        super().__init__(f"Cannot '{action}' instance {instance_uuid} while it is in {attr} {state}")


class InstanceNotReady(InstanceError):
    """The instance has no host (yet, or any more) to carry out an operation."""

    status_code = status.HTTP_409_CONFLICT

    def __init__(self, instance_uuid):
        super().__init__(f"Instance {instance_uuid} is not ready")


class InstanceIsLocked(InstanceError):
    status_code = status.HTTP_409_CONFLICT

    def __init__(self, instance_uuid):
        super().__init__(f"Instance {instance_uuid} is locked")


class QuotaError(InstanceError):
    """Static API limits Nova words as quota errors (metadata items): a 403."""

    status_code = status.HTTP_403_FORBIDDEN


class InstanceActionNotFound(InstanceError):
    status_code = status.HTTP_404_NOT_FOUND
