"""What every Identity API view shares: Keystone's refusals and lookups in Keystone's words."""
from django.db import IntegrityError, transaction
from rest_framework import exceptions

from openstack_api import policy
from openstack_api.views import IdentityAPIView

TRUE_VALUES = ("", "1", "true", "yes", "on")


class IdentityView(IdentityAPIView):
    def authorize(self, action: str, **target) -> None:
        target = {"user_id": self.context.user_id, "project_id": self.context.project_id, **target}
        if not policy.check(self.context, f"identity:{action}", target):
            raise exceptions.PermissionDenied(
                f"You are not authorized to perform the requested action: identity:{action}.")

    def body(self, key: str) -> dict:
        value = self.request.data.get(key) if isinstance(self.request.data, dict) else None
        if not isinstance(value, dict):
            raise exceptions.ValidationError(f"Invalid input for field '{key}': it is a required object")
        return value

    def flag(self, name: str) -> bool:
        value = self.request.query_params.get(name)
        return value is not None and value.lower() in TRUE_VALUES


def get_or_404(queryset, kind: str, value: str):
    found = queryset.filter(pk=value).first()
    if found is None:
        raise exceptions.NotFound(f"Could not find {kind}: {value}.")
    return found


class Conflict(exceptions.APIException):
    status_code = 409


def save_unique(record, kind: str, description: str):
    """Save, turning a duplicate name into Keystone's 409."""
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise Conflict(f"Conflict occurred attempting to store {kind} - Duplicate entry found with {description}.") \
            from None
    return record


def text(value, field: str, *, required=False, max_length=255) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise exceptions.ValidationError(f"Invalid input for field '{field}': a string of 1 to {max_length} characters")
    return value


def boolean(value, field: str) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise exceptions.ValidationError(f"Invalid input for field '{field}': {value!r} is not of type 'boolean'")
    return value
