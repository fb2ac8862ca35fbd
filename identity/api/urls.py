"""URLs of the Identity API v3."""
from django.urls import path, re_path

from identity.api import auth, catalog, discovery, projects, roles, users

USER_ROLES = r"(?P<kind>projects|domains)/(?P<target_id>[^/]+)/users/(?P<user_id>[^/]+)/roles"
SYSTEM_ROLES = r"(?P<kind>system)/users/(?P<user_id>[^/]+)/roles"

urlpatterns = [
    re_path(r"^/?$", discovery.V3View.as_view()),
    path("/auth/tokens", auth.TokensView.as_view()),
    path("/auth/catalog", auth.CatalogView.as_view()),
    path("/auth/projects", auth.AuthProjectsView.as_view()),
    path("/auth/domains", auth.AuthDomainsView.as_view()),
    path("/auth/system", auth.AuthSystemView.as_view()),
    path("/services", catalog.ServicesView.as_view()),
    path("/endpoints", catalog.EndpointsView.as_view()),
    path("/regions", catalog.RegionsView.as_view()),
    path("/regions/<str:region_id>", catalog.RegionView.as_view()),
    path("/domains", projects.DomainsView.as_view()),
    path("/domains/<str:domain_id>", projects.DomainView.as_view()),
    path("/projects", projects.ProjectsView.as_view()),
    path("/projects/<str:project_id>", projects.ProjectView.as_view()),
    path("/users", users.UsersView.as_view()),
    path("/users/<str:user_id>", users.UserView.as_view()),
    path("/users/<str:user_id>/password", users.PasswordView.as_view()),
    path("/users/<str:user_id>/projects", users.UserProjectsView.as_view()),
    path("/users/<str:user_id>/application_credentials", users.ApplicationCredentialsView.as_view()),
    path("/users/<str:user_id>/application_credentials/<str:credential_id>",
         users.ApplicationCredentialView.as_view()),
    path("/roles", roles.RolesView.as_view()),
    path("/roles/<str:role_id>", roles.RoleView.as_view()),
    path("/role_assignments", roles.RoleAssignmentsView.as_view()),
    re_path(rf"^/{USER_ROLES}$", roles.GrantsView.as_view()),
    re_path(rf"^/{USER_ROLES}/(?P<role_id>[^/]+)$", roles.GrantView.as_view()),
    re_path(rf"^/{SYSTEM_ROLES}$", roles.GrantsView.as_view()),
    re_path(rf"^/{SYSTEM_ROLES}/(?P<role_id>[^/]+)$", roles.GrantView.as_view()),
]
