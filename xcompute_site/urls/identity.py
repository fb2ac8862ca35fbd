"""The Identity API (port 5000): a Keystone v3 subset."""
from django.urls import include, path

from identity.api.discovery import VersionsView
from openstack_api.views import healthcheck

urlpatterns = [
    path("", VersionsView.as_view()),
    path("healthcheck", healthcheck),
    path("v3", include("identity.api.urls")),
]

handler404 = "openstack_api.errors.not_found"
handler500 = "openstack_api.errors.server_error"
