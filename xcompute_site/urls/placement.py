"""The Placement API (port 8778)."""
from django.urls import path

from openstack_api.version_documents import PlacementRootView

urlpatterns = [
    path("", PlacementRootView.as_view()),
]

handler404 = "openstack_api.errors.not_found"
handler500 = "openstack_api.errors.server_error"
