"""/v3/users, a user's projects and its application credentials."""
import secrets

from django.contrib.auth.hashers import make_password
from django.utils.dateparse import parse_datetime
from rest_framework import exceptions
from rest_framework.response import Response

from identity.api import wire
from identity.api.base import IdentityView, boolean, get_or_404, save_unique, text
from identity.api.projects import filtered, listing
from identity.models import DEFAULT_DOMAIN_ID, ApplicationCredential, Domain, Project, Role, RoleAssignment, User


class UsersView(IdentityView):
    def get(self, request):
        self.authorize("list_users")
        users = filtered(User.objects.order_by("name"), request.query_params, "name", "domain_id", "enabled")
        return Response(listing(self.root_url, "users", users, wire.user))

    def post(self, request):
        self.authorize("create_user")
        body = self.body("user")
        domain_id = body.get("domain_id") or DEFAULT_DOMAIN_ID
        domain = Domain.objects.filter(id=domain_id).first()
        if domain is None:
            raise exceptions.NotFound(f"Could not find domain: {domain_id}.")
        user = User(name=text(body.get("name"), "user/name", required=True), domain=domain,
                    enabled=boolean(body.get("enabled"), "enabled") is not False,
                    description=body.get("description") or "", email=body.get("email") or "")
        apply_changes(user, body)
        save_unique(user, "user", f"name {user.name} at domain ID {domain.id}")
        return Response({"user": wire.user(self.root_url, user)}, status=201)


def apply_changes(user: User, body: dict) -> None:
    if "password" in body:
        user.set_password(body["password"])
    if "default_project_id" in body:
        project_id = body["default_project_id"]
        if project_id and not Project.objects.filter(id=project_id).exists():
            raise exceptions.NotFound(f"Could not find project: {project_id}.")
        user.default_project_id = project_id or None


class UserView(IdentityView):
    def get(self, request, user_id):
        self.authorize("get_user", user_id=user_id)
        return Response({"user": wire.user(self.root_url, get_or_404(User.objects, "user", user_id))})

    def patch(self, request, user_id):
        self.authorize("update_user")
        user = get_or_404(User.objects, "user", user_id)
        body = self.body("user")
        user.name = text(body.get("name"), "user/name") or user.name
        for field in ("description", "email"):
            setattr(user, field, body.get(field, getattr(user, field)) or "")
        if (enabled := boolean(body.get("enabled"), "enabled")) is not None:
            user.enabled = enabled
        apply_changes(user, body)
        save_unique(user, "user", f"name {user.name} at domain ID {user.domain_id}")
        return Response({"user": wire.user(self.root_url, user)})

    def delete(self, request, user_id):
        self.authorize("delete_user")
        get_or_404(User.objects, "user", user_id).delete()
        return Response(status=204)


class PasswordView(IdentityView):
    """POST /v3/users/{id}/password: a user changes its own password; its tokens die with the old one."""

    def post(self, request, user_id):
        self.authorize("change_password", user_id=user_id)
        user = get_or_404(User.objects, "user", user_id)
        body = self.body("user")
        if not user.check_password(str(body.get("original_password", ""))):
            raise exceptions.AuthenticationFailed("The request you have made requires authentication.")
        user.set_password(text(body.get("password"), "user/password", required=True, max_length=4096))
        user.save(update_fields=["password"])
        user.tokens.all().delete()
        return Response(status=204)


class UserProjectsView(IdentityView):
    def get(self, request, user_id):
        self.authorize("list_user_projects", user_id=user_id)
        get_or_404(User.objects, "user", user_id)
        ids = RoleAssignment.objects.filter(user_id=user_id, project__isnull=False).values("project_id")
        projects = filtered(Project.objects.filter(id__in=ids).order_by("name"), request.query_params, "name",
                            "domain_id", "enabled")
        return Response(listing(self.root_url, "projects", projects, wire.project))


class ApplicationCredentialsView(IdentityView):
    def get(self, request, user_id):
        self.authorize("list_application_credentials", user_id=user_id)
        credentials = ApplicationCredential.objects.filter(user_id=user_id).order_by("name")
        if "name" in request.query_params:
            credentials = credentials.filter(name=request.query_params["name"])
        return Response({"application_credentials": [wire.application_credential(self.root_url, c)
                                                     for c in credentials.prefetch_related("roles")],
                         "links": {"self": f"{self.root_url}/v3/users/{user_id}/application_credentials",
                                   "previous": None, "next": None}})

    def post(self, request, user_id):
        self.authorize("create_application_credential", user_id=user_id)
        body = self.body("application_credential")
        if not self.context.project_id:
            raise exceptions.PermissionDenied("An application credential is made with a project-scoped token.")
        held = {role.name: role for role in Role.objects.filter(name__in=self.context.roles)}
        wanted = [held.get(r.get("name")) or next((h for h in held.values() if h.id == r.get("id")), None)
                  for r in body.get("roles") or [{"name": name} for name in held]]
        if None in wanted:
            raise exceptions.PermissionDenied("An application credential can only carry roles its creator holds.")
        secret = body.get("secret") or secrets.token_urlsafe(64)
        expires_at = parse_datetime(body["expires_at"]) if body.get("expires_at") else None
        credential = ApplicationCredential(
            name=text(body.get("name"), "application_credential/name", required=True),
            description=body.get("description") or "", user_id=user_id, project_id=self.context.project_id,
            secret_hash=make_password(secret), expires_at=expires_at,
            unrestricted=boolean(body.get("unrestricted"), "unrestricted") is True)
        save_unique(credential, "application_credential", f"name {credential.name}")
        credential.roles.set(wanted)
        return Response({"application_credential": wire.application_credential(self.root_url, credential, secret)},
                        status=201)


class ApplicationCredentialView(IdentityView):
    def credential(self, user_id, credential_id):
        return get_or_404(ApplicationCredential.objects.filter(user_id=user_id), "application credential",
                          credential_id)

    def get(self, request, user_id, credential_id):
        self.authorize("get_application_credential", user_id=user_id)
        credential = self.credential(user_id, credential_id)
        return Response({"application_credential": wire.application_credential(self.root_url, credential)})

    def delete(self, request, user_id, credential_id):
        self.authorize("delete_application_credential", user_id=user_id)
        self.credential(user_id, credential_id).delete()
        return Response(status=204)
