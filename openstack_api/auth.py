"""Authentication backends; the one in force is chosen by XCOMPUTE_AUTH_BACKENDS (dotted paths)."""
from django.conf import settings
from rest_framework import authentication, exceptions

from openstack_api.context import RequestContext

DEVELOPMENT_PROFILES = ("demo", "test")
# Keystone's implied roles: admin implies member implies reader.
IMPLIED_ROLES = {"admin": ("admin", "member", "reader"), "member": ("member", "reader"), "reader": ("reader",)}


def expand_roles(roles) -> tuple[str, ...]:
    expanded = []
    for role in roles:
        for implied in IMPLIED_ROLES.get(role, (role,)):
            if implied not in expanded:
                expanded.append(implied)
    return tuple(expanded)


class DevelopmentTokenAuthentication(authentication.BaseAuthentication):
    """`X-Auth-Token: <user>:<project>[:<role>,<role>]`, accepted only in the demo and test profiles.

    The user `admin` gets the admin role; anyone else is a member unless roles are given. A token
    without a colon follows Placement's noauth2: `admin` is an admin, any other has no role.
    """

    def authenticate(self, request):
        if settings.XCOMPUTE_PROFILE not in DEVELOPMENT_PROFILES:
            return None
        token = request.headers.get("X-Auth-Token")
        if not token:
            return None
        parts = token.split(":")
        if len(parts) == 1:
            # Placement's noauth2: the token is the user; `admin` is an admin, anyone else has no role.
            parts = [token, token, "admin" if token == "admin" else ""]
        if len(parts) not in (2, 3) or not all(parts[:2]):
            raise exceptions.AuthenticationFailed("The request you have made requires authentication.")
        user, project = parts[0], parts[1]
        if len(parts) == 3:
            roles = [role for role in parts[2].split(",") if role]
        else:
            roles = ["admin"] if user == "admin" else ["member"]
        context = RequestContext(
            user_id=user,
            project_id=project,
            roles=expand_roles(roles),
            request_id=getattr(request._request, "request_id", "-"),
            user_name=user,
            project_name=project,
        )
        return context, token

    def authenticate_header(self, request):
        return 'Keystone uri="unavailable"'
