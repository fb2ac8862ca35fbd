"""The RequestContext the dashboard acts with: the signed-in operator, on the admin project or on one of theirs.

Actions on existing instances act as the operator with the admin role on the `admin` project, as an
admin token would. A launch may instead be made in another project the operator holds a role on,
as Horizon's project switch does: the context then carries exactly the roles the identity service
gives the operator there, so a project where they are only a member launches as a member would.
"""
from django.db.models import Q

from dashboard.authentication import ADMIN_PROJECT, ADMIN_ROLE
from identity.models import DEFAULT_DOMAIN_ID, Project
from identity.models import User as IdentityUser
from identity.tokens import Scope, assigned_roles
from openstack_api.context import RequestContext
from openstack_api.request_id import current_request_id


def identity_user(request) -> IdentityUser | None:
    """The signed-in operator's identity user, read once per request (a page may need it twice)."""
    if not hasattr(request, "_identity_user"):
        request._identity_user = IdentityUser.objects.filter(domain_id=DEFAULT_DOMAIN_ID,
                                                             name=request.user.get_username()).first()
    return request._identity_user


def context_of(request, project: Project | None = None) -> RequestContext:
    """The operator as the API would see them with a token on `project` (by default, admin on `admin`)."""
    name = request.user.get_username()
    user = identity_user(request)
    if project is not None and project.name != ADMIN_PROJECT:
        roles = tuple(role.name for role in assigned_roles(user, Scope(project=project))) if user else ()
        return RequestContext(user_id=user.id if user else name, project_id=project.id, roles=roles,
                              request_id=current_request_id(), user_name=name, project_name=project.name)
    project = Project.objects.filter(domain_id=DEFAULT_DOMAIN_ID, name=ADMIN_PROJECT).first()
    return RequestContext(
        user_id=user.id if user else name, project_id=project.id if project else ADMIN_PROJECT,
        roles=(ADMIN_ROLE, "member", "reader"), request_id=current_request_id(), user_name=name,
        project_name=ADMIN_PROJECT,
    )


def projects_of(request) -> list[Project]:
    """The `admin` project (where a signed-in operator acts by default, even one whose admin role is
    on the system only) and the enabled projects the operator holds a role on, by name (one query)."""
    user = identity_user(request)
    theirs = Q(assignments__user=user, enabled=True) if user else Q(pk__in=[])
    admin = Q(domain_id=DEFAULT_DOMAIN_ID, name=ADMIN_PROJECT)
    return list(Project.objects.filter(theirs | admin).distinct().order_by("name"))
