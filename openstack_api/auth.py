"""Authentication backends, tried in the order of XCOMPUTE_AUTH_BACKENDS (dotted paths)."""
import functools
import hmac

from django.conf import settings
from rest_framework import authentication, exceptions

from openstack_api.context import RequestContext

AUTH_REQUIRED = "The request you have made requires authentication."
# Identity tokens are 43 characters of urlsafe base64; anything else is left to the development backend.
IDENTITY_TOKEN_LENGTH = 43
# Keystone's implied roles: admin implies member implies reader.
IMPLIED_ROLES = {"admin": ("admin", "member", "reader"), "member": ("member", "reader"), "reader": ("reader",)}


def expand_roles(roles) -> tuple[str, ...]:
    expanded = []
    for role in roles:
        for implied in IMPLIED_ROLES.get(role, (role,)):
            if implied not in expanded:
                expanded.append(implied)
    return tuple(expanded)


class IdentityTokenAuthentication(authentication.BaseAuthentication):
    """`X-Auth-Token` issued by the identity API, validated against the database with a short cache.

    The node's service token (xcompute_site.env.service_token) is an admin of no project: the
    conductor presents it to Placement and the agents to the image API.
    """

    def authenticate(self, request):
        value = request.headers.get("X-Auth-Token")
        if not value:
            return None
        if hmac.compare_digest(value.encode(), _service_token().encode()):
            return self.service_context(request), value
        if settings.XCOMPUTE_DEVELOPMENT_TOKENS and (len(value) != IDENTITY_TOKEN_LENGTH or ":" in value):
            return None  # a development token: the next backend's
        from identity import tokens

        try:
            context = tokens.cached(value, self.context_of)
        except tokens.TokenInvalid:
            raise exceptions.AuthenticationFailed(AUTH_REQUIRED) from None
        unscoped = not (context.project_id or context.domain_id or context.system_scope)
        if unscoped and settings.XCOMPUTE_API_SERVICE != "identity":
            raise exceptions.AuthenticationFailed(AUTH_REQUIRED)  # an unscoped token only reaches identity
        return _with_request_id(context, request), value

    @staticmethod
    def context_of(value):
        """(RequestContext, expiry) of a live token; raises TokenInvalid."""
        from identity import tokens

        token = tokens.validate(value)
        record = token.record
        context = RequestContext(
            user_id=record.user_id, project_id=record.project_id or "", roles=tuple(r.name for r in token.roles),
            user_name=record.user.name, project_name=record.project.name if record.project else "",
            domain_id=record.domain_id or "", system_scope="all" if record.system else "")
        return context, record.expires_at

    @staticmethod
    def service_context(request):
        return RequestContext(user_id="xcompute-service", project_id="", roles=expand_roles(["admin"]),
                              request_id=getattr(request._request, "request_id", "-"), user_name="xcompute-service",
                              system_scope="all")

    def authenticate_header(self, request):
        return f'Keystone uri="{_identity_url()}"'


@functools.cache
def _service_token() -> str:
    from xcompute_site.env import service_token

    return service_token()


def _identity_url() -> str:
    from node.endpoints import public_urls

    return public_urls()["identity"]


def _with_request_id(context, request):
    from dataclasses import replace

    return replace(context, request_id=getattr(request._request, "request_id", "-"))


class DevelopmentTokenAuthentication(authentication.BaseAuthentication):
    """`X-Auth-Token: <user>:<project>[:<role>,<role>]`, accepted only with XCOMPUTE_DEVELOPMENT_TOKENS.

    The user `admin` gets the admin role; anyone else is a member unless roles are given. A token
    without a colon follows Placement's noauth2: `admin` is an admin, any other has no role.
    """

    def authenticate(self, request):
        if not settings.XCOMPUTE_DEVELOPMENT_TOKENS:
            return None
        token = request.headers.get("X-Auth-Token")
        if not token:
            return None
        parts = token.split(":")
        if len(parts) == 1:
            # Placement's noauth2: the token is the user; `admin` is an admin, anyone else has no role.
            parts = [token, token, "admin" if token == "admin" else ""]
        if len(parts) not in (2, 3) or not all(parts[:2]):
            raise exceptions.AuthenticationFailed(AUTH_REQUIRED)
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
        return f'Keystone uri="{_identity_url()}"'
