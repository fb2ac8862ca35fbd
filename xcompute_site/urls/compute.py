"""The Compute API (port 8774): Nova API v2.1."""
from django.urls import include, path, re_path

from openstack_api.version_documents import ComputeV21View, ComputeVersionsView

urlpatterns = [
    path("", ComputeVersionsView.as_view()),
    re_path(r"^v2\.1/?$", ComputeV21View.as_view()),
    path("v2.1/", include("hosts.api.urls")),
    path("v2.1/", include("flavors.api.urls")),
    path("v2.1/", include("instances.api.urls")),
    path("v2.1/", include("server_groups.api.urls")),
    path("v2.1/", include("consoles.api.urls")),
    path("v2.1/", include("keypairs.api.urls")),
    path("v2.1/", include("quotas.api.urls")),
]

handler404 = "openstack_api.errors.not_found"
handler500 = "openstack_api.errors.server_error"
