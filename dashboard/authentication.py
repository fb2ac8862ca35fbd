"""Sign-in to the dashboard with identity users: the right password and the admin role, mapped to a staff user.

The identity app is the only source of users and passwords; a django.contrib.auth User is created or
updated at each sign-in only because the admin's sessions, messages and log entries hang off one.
"""
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.db.models import Q

from identity.models import DEFAULT_DOMAIN_ID, RoleAssignment
from identity.models import User as IdentityUser

logger = logging.getLogger(__name__)
ADMIN_ROLE, ADMIN_PROJECT = "admin", "admin"


def identity_user(username: str, password: str) -> IdentityUser | None:
    """The enabled identity user of the default domain with this name and password, else None."""
    user = IdentityUser.objects.filter(domain_id=DEFAULT_DOMAIN_ID, name=username, enabled=True).first()
    if user is None or not user.check_password(password or ""):
        return None
    return user


def holds_admin_role(user: IdentityUser) -> bool:
    """The admin role on the `admin` project or on the system, as the API's admin rule reads it."""
    return RoleAssignment.objects.filter(
        Q(project__name=ADMIN_PROJECT) | Q(system=True), user=user, role__name=ADMIN_ROLE,
    ).exists()


def staff_user(user: IdentityUser):
    """The Django user standing for this identity admin, created or brought up to date."""
    django_user, _ = get_user_model().objects.update_or_create(
        username=user.name, defaults={"email": user.email, "is_staff": True, "is_superuser": True, "is_active": True},
    )
    if django_user.has_usable_password():
        # Passwords live in the identity app only; the staff user never signs in on its own.
        django_user.set_unusable_password()
        django_user.save(update_fields=["password"])
    return django_user


class IdentityAdminBackend(BaseBackend):
    """Authenticates identity users holding the admin role; everyone else gets None."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = identity_user(username, password) if username else None
        if user is None:
            return None
        if not holds_admin_role(user):
            logger.info("dashboard sign-in refused to %s: no admin role", username)
            return None
        logger.info("dashboard sign-in of %s", username)
        return staff_user(user)

    def get_user(self, user_id):
        return get_user_model().objects.filter(pk=user_id, is_active=True).first()
