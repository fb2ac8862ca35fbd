"""The Networking API (port 9696): a Neutron v2.0 subset."""
from django.urls import include, path

from networks.api.discovery import VersionsView
from openstack_api.views import healthcheck

urlpatterns = [
    path("", VersionsView.as_view()),
    path("healthcheck", healthcheck),
    path("v2.0", include("networks.api.urls")),
    path("v2.0/", include("networks.api.urls")),
]

handler404 = "openstack_api.errors.not_found"
handler500 = "openstack_api.errors.server_error"
