"""/v3/auth: issue, validate, check and revoke tokens; what the caller's token may be scoped to."""
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from identity import authentication, catalog, tokens
from identity.api import wire
from identity.api.base import IdentityView
from identity.models import Domain, Project, RoleAssignment


class TokensView(IdentityView):
    def get_authenticators(self):
        # Issuing needs no token; validating, checking and revoking need the caller's.
        if self.request.method == "POST":
            return []
        return super().get_authenticators()

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else super().get_permissions()

    def post(self, request):
        auth = self.body("auth")
        authenticated = authentication.authenticate(auth.get("identity"), request.META.get("REMOTE_ADDR", ""))
        scope = authentication.resolve_scope(auth.get("scope"), authenticated)
        value, token = tokens.issue(
            authenticated.user, scope, authenticated.methods,
            application_credential=authenticated.application_credential,
            expires_at=authenticated.expires_at, parent_audit_ids=authenticated.parent_audit_ids)
        body = {"token": wire.token(token, with_catalog="nocatalog" not in request.query_params)}
        return Response(body, status=201, headers={"X-Subject-Token": value})

    def subject(self, action: str) -> tokens.ValidToken:
        value = self.request.headers.get("X-Subject-Token")
        if not value:
            raise exceptions.NotFound("Failed to validate token")
        try:
            token = tokens.validate(value)
        except tokens.TokenInvalid:
            raise exceptions.NotFound("Failed to validate token") from None
        self.authorize(action, user_id=token.record.user_id)
        return token

    def get(self, request):
        token = self.subject("validate_token")
        body = {"token": wire.token(token, with_catalog="nocatalog" not in request.query_params)}
        return Response(body, headers={"X-Subject-Token": request.headers["X-Subject-Token"]})

    def head(self, request):
        self.subject("check_token")
        return Response(status=200)

    def delete(self, request):
        self.subject("revoke_token")
        tokens.revoke(request.headers["X-Subject-Token"])
        return Response(status=204)


class CatalogView(IdentityView):
    def get(self, request):
        return Response({"catalog": catalog.catalog(), "links": {"self": f"{self.root_url}/v3/auth/catalog"}})


class AuthProjectsView(IdentityView):
    """The projects the caller's user has a role on: what its token may be rescoped to."""

    def get(self, request):
        ids = RoleAssignment.objects.filter(user_id=self.context.user_id, project__isnull=False).values("project_id")
        projects = Project.objects.filter(id__in=ids, enabled=True).order_by("name")
        return Response({"projects": [wire.project(self.root_url, p) for p in projects],
                         "links": {"self": f"{self.root_url}/v3/auth/projects", "previous": None, "next": None}})


class AuthDomainsView(IdentityView):
    def get(self, request):
        ids = RoleAssignment.objects.filter(user_id=self.context.user_id, domain__isnull=False).values("domain_id")
        domains = Domain.objects.filter(id__in=ids, enabled=True).order_by("name")
        return Response({"domains": [wire.domain(self.root_url, d) for d in domains],
                         "links": {"self": f"{self.root_url}/v3/auth/domains", "previous": None, "next": None}})


class AuthSystemView(IdentityView):
    def get(self, request):
        system = RoleAssignment.objects.filter(user_id=self.context.user_id, system=True).exists()
        return Response({"system": [{"all": True}] if system else [],
                         "links": {"self": f"{self.root_url}/v3/auth/system"}})
