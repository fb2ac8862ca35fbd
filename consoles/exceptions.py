"""Console errors with Nova's names, codes and wording."""
from rest_framework import status
from rest_framework.exceptions import APIException


class ConsoleTypeInvalid(APIException):
    """A console type that does not go with the protocol asked for (a 400)."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, console_type):
        super().__init__(f"Invalid console type {console_type}")


class ConsoleTypeUnavailable(APIException):
    """A console this cloud does not serve (SPICE, serial...): a 400."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, console_type):
        super().__init__(f"Unavailable console type {console_type}.")

