"""The Image API (port 9292): Glance v2."""
from django.urls import include, path

from images.api.discovery import VersionsView
from openstack_api.views import healthcheck

urlpatterns = [
    path("", VersionsView.as_view()),
    path("versions", VersionsView.as_view(explicit=True)),
    path("healthcheck", healthcheck),
    path("v2/", include("images.api.urls")),
]

handler404 = "openstack_api.errors.not_found"
handler500 = "openstack_api.errors.server_error"
