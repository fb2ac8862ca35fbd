"""Key pair errors with Nova's messages; the API turns them into its 400, 403, 404 and 409."""
from rest_framework import exceptions


class InvalidKeypair(exceptions.ValidationError):
    def __init__(self, reason: str):
        super().__init__({"detail": f"Keypair data is invalid: {reason}"})


class KeypairNotFound(exceptions.NotFound):
    def __init__(self, name: str, user_id: str):
        super().__init__(f"Keypair {name} not found for user {user_id}")


class KeyPairExists(exceptions.APIException):
    status_code = 409

    def __init__(self, name: str):
        super().__init__(f"Key pair '{name}' already exists.")


class KeypairLimitExceeded(exceptions.PermissionDenied):
    def __init__(self):
        super().__init__("Quota exceeded, too many key pairs.")
