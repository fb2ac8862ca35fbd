"""The RequestContext an admin action acts with: the signed-in operator, with the admin role."""
from dashboard.authentication import ADMIN_PROJECT, ADMIN_ROLE
from identity.models import DEFAULT_DOMAIN_ID, Project
from identity.models import User as IdentityUser
from openstack_api.context import RequestContext
from openstack_api.request_id import current_request_id


def context_of(request) -> RequestContext:
    """The operator as the API would see them with an admin token on the `admin` project."""
    name = request.user.get_username()
    user = IdentityUser.objects.filter(domain_id=DEFAULT_DOMAIN_ID, name=name).first()
    project = Project.objects.filter(domain_id=DEFAULT_DOMAIN_ID, name=ADMIN_PROJECT).first()
    return RequestContext(
        user_id=user.id if user else name, project_id=project.id if project else ADMIN_PROJECT,
        roles=(ADMIN_ROLE, "member", "reader"), request_id=current_request_id(), user_name=name,
        project_name=ADMIN_PROJECT,
    )
