"""Sign-in to the dashboard with identity users: the right password and the admin role, mapped to a staff user.

The identity app is the only source of users and passwords, and its password check is the one used
here (`identity.authentication`), lockout included: failures count against the user and the address
as the identity API's do, and a locked user is refused even with the right password. A
django.contrib.auth User is created or updated at each sign-in only because the admin's sessions,
messages and log entries hang off one; every request checks again that its identity user is still
enabled and still an admin, so disabling the user or revoking the role ends the session.
"""
import logging
import math

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.db.models import Q
from rest_framework import exceptions

from identity import authentication, lockout
from identity.models import DEFAULT_DOMAIN_ID, RoleAssignment
from identity.models import User as IdentityUser

logger = logging.getLogger(__name__)
ADMIN_ROLE, ADMIN_PROJECT = "admin", "admin"
# Where the backend leaves why it refused, for the sign-in form to say (as django-axes does).
REFUSAL = "dashboard_sign_in_refusal"

NOT_ADMIN = "{username} does not hold the admin role: the dashboard is for the cloud's operators."
LOCKED = ("{username} is locked after too many failed sign-ins: try again in {minutes} minute(s), "
          "or ask another operator.")
ADDRESS_BLOCKED = "Too many failed sign-ins from this address: try again in {minutes} minute(s)."


class Refused(Exception):
    """A sign-in refused with something to tell the person signing in (wrong passwords say nothing)."""


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


def _password_identity(username: str, password: str) -> dict:
    return {"methods": ["password"], "password": {"user": {
        "name": username, "domain": {"id": DEFAULT_DOMAIN_ID}, "password": password or ""}}}


def verified_user(username: str, password: str, address: str) -> IdentityUser | None:
    """The identity API's password check: the user, None for a wrong password, Refused when locked out."""
    try:
        return authentication.authenticate(_password_identity(username, password), address).user
    except authentication.TooManyFailures as blocked:
        raise Refused(ADDRESS_BLOCKED.format(minutes=_minutes(blocked.wait or 0))) from None
    except authentication.AccountLocked as locked:
        left = lockout.seconds_left(lockout.user_key(locked.user.id))
        raise Refused(LOCKED.format(username=username, minutes=_minutes(left))) from None
    except exceptions.AuthenticationFailed:
        return None


def _admin_assignments():
    """The admin role on the `admin` project or on the system, as the API's admin rule reads it."""
    return RoleAssignment.objects.filter(Q(project__name=ADMIN_PROJECT) | Q(system=True), role__name=ADMIN_ROLE)


def holds_admin_role(user: IdentityUser) -> bool:
    return _admin_assignments().filter(user=user).exists()


def still_operator(username: str) -> bool:
    """The identity user of that name is enabled, in an enabled domain, and an admin: one query."""
    return _admin_assignments().filter(
        user__domain_id=DEFAULT_DOMAIN_ID, user__name=username, user__enabled=True, user__domain__enabled=True,
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


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def _refuse(request, message: str) -> None:
    if request is not None:
        setattr(request, REFUSAL, message)


class IdentityAdminBackend(BaseBackend):
    """Authenticates identity users holding the admin role; everyone else gets None (and a reason, if any)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username:
            return None
        try:
            user = verified_user(username, password, _address(request))
        except Refused as refusal:
            logger.info("dashboard sign-in refused to %s: %s", username, refusal)
            _refuse(request, str(refusal))
            return None
        if user is None:
            return None
        if not holds_admin_role(user):
            logger.info("dashboard sign-in refused to %s: no admin role", username)
            _refuse(request, NOT_ADMIN.format(username=username))
            return None
        logger.info("dashboard sign-in of %s", username)
        return staff_user(user)

    def get_user(self, user_id):
        """The session's staff user while its identity user is still an enabled admin (two queries)."""
        staff = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if staff is None or not still_operator(staff.get_username()):
            return None
        return staff
