"""/v3/roles, grants of a role to a user on a project, domain or the system, and /v3/role_assignments."""
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from identity.api import wire
from identity.api.base import IdentityView, get_or_404, save_unique, text
from identity.api.projects import filtered, listing
from identity.models import Domain, Project, Role, RoleAssignment, User
from openstack_api.auth import IMPLIED_ROLES


class RolesView(IdentityView):
    def get(self, request):
        self.authorize("list_roles")
        roles = filtered(Role.objects.order_by("name"), request.query_params, "name")
        return Response(listing(self.root_url, "roles", roles, wire.role))

    def post(self, request):
        self.authorize("create_role")
        body = self.body("role")
        role = Role(name=text(body.get("name"), "role/name", required=True), description=body.get("description") or "")
        save_unique(role, "role", f"name {role.name}")
        return Response({"role": wire.role(self.root_url, role)}, status=201)


class RoleView(IdentityView):
    def get(self, request, role_id):
        self.authorize("get_role")
        return Response({"role": wire.role(self.root_url, get_or_404(Role.objects, "role", role_id))})

    def delete(self, request, role_id):
        self.authorize("delete_role")
        get_or_404(Role.objects, "role", role_id).delete()
        return Response(status=204)


TARGETS = {"projects": (Project, "project"), "domains": (Domain, "domain")}


def grant_target(kind: str, target_id: str | None) -> dict:
    """The assignment fields of a grant's target: a project, a domain or the system."""
    if kind == "system":
        return {"project": None, "domain": None, "system": True}
    model, name = TARGETS[kind]
    target = get_or_404(model.objects, name, target_id)
    return {"project": target if name == "project" else None, "domain": target if name == "domain" else None,
            "system": False}


class GrantsView(IdentityView):
    """GET /v3/{projects|domains}/{id}/users/{user_id}/roles, and /v3/system/users/{user_id}/roles."""

    def get(self, request, kind, user_id, target_id=None):
        self.authorize("list_grants")
        target = grant_target(kind, target_id)
        user = get_or_404(User.objects, "user", user_id)
        roles = Role.objects.filter(id__in=RoleAssignment.objects.filter(user=user, **target).values("role_id"))
        return Response(listing(self.root_url, "roles", roles.order_by("name"), wire.role))


class GrantView(IdentityView):
    def lookup(self, kind, user_id, role_id, target_id):
        target = grant_target(kind, target_id)
        return {"user": get_or_404(User.objects, "user", user_id), "role": get_or_404(Role.objects, "role", role_id),
                **target}

    def put(self, request, kind, user_id, role_id, target_id=None):
        self.authorize("create_grant")
        RoleAssignment.objects.get_or_create(**self.lookup(kind, user_id, role_id, target_id))
        return Response(status=204)

    def head(self, request, kind, user_id, role_id, target_id=None):
        self.authorize("check_grant")
        fields = self.lookup(kind, user_id, role_id, target_id)
        if not RoleAssignment.objects.filter(**fields).exists():
            raise NotFound(f"Could not find role assignment: role {role_id} of user {user_id}.")
        return Response(status=204)

    get = head

    def delete(self, request, kind, user_id, role_id, target_id=None):
        self.authorize("revoke_grant")
        fields = self.lookup(kind, user_id, role_id, target_id)
        deleted, _ = RoleAssignment.objects.filter(**fields).delete()
        if not deleted:
            raise NotFound(f"Could not find role assignment: role {role_id} of user {user_id}.")
        return Response(status=204)


class RoleAssignmentsView(IdentityView):
    FILTERS = {"user.id": "user_id", "role.id": "role_id", "scope.project.id": "project_id",
               "scope.domain.id": "domain_id"}

    def get(self, request):
        self.authorize("list_role_assignments")
        params = request.query_params
        assignments = RoleAssignment.objects.select_related("role", "user__domain", "project__domain", "domain")
        assignments = assignments.filter(**{field: params[key] for key, field in self.FILTERS.items() if key in params})
        if "scope.system" in params:
            assignments = assignments.filter(system=True)
        rows = [(a, a.role) for a in assignments.order_by("user__name", "role__name")]
        if self.flag("effective"):
            rows = implied(rows)
            if "role.id" in params:
                rows = [(a, role) for a, role in rows if role.id == params["role.id"]]
        names = self.flag("include_names")
        return Response({"role_assignments": [self.render(a, role, names) for a, role in rows],
                         "links": {"self": f"{self.root_url}/v3/role_assignments", "previous": None, "next": None}})

    def render(self, assignment, role, names: bool) -> dict:
        def ref(record, with_domain=False):
            body = {"id": record.id}
            if names:
                body["name"] = record.name
                if with_domain:
                    body["domain"] = {"id": record.domain.id, "name": record.domain.name}
            return body

        if assignment.project:
            scope, path = {"project": ref(assignment.project, True)}, f"projects/{assignment.project_id}"
        elif assignment.domain:
            scope, path = {"domain": ref(assignment.domain)}, f"domains/{assignment.domain_id}"
        else:
            scope, path = {"system": {"all": True}}, "system"
        return {"role": ref(role), "user": ref(assignment.user, True), "scope": scope,
                "links": {"assignment": f"{self.root_url}/v3/{path}/users/{assignment.user_id}/roles/{role.id}"}}


def implied(rows):
    """Each assignment with the roles its role implies too (effective assignments), without duplicates."""
    roles = {role.name: role for role in Role.objects.filter(name__in={n for v in IMPLIED_ROLES.values() for n in v})}
    seen, result = set(), []
    for assignment, role in rows:
        for name in IMPLIED_ROLES.get(role.name, (role.name,)):
            implied_role = roles.get(name, role if name == role.name else None)
            key = (assignment.user_id, assignment.project_id, assignment.domain_id, assignment.system, name)
            if implied_role is not None and key not in seen:
                seen.add(key)
                result.append((assignment, implied_role))
    return result
