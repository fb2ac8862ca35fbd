"""The Placement API (port 8778)."""
from django.urls import include, path

urlpatterns = [
    path("", include("placement.api.urls")),
]

handler404 = "openstack_api.errors.not_found"
handler500 = "openstack_api.errors.server_error"
