"""The Dashboard (port 8000): the operator's UI on the Django admin, signing in with identity admins."""
from django.contrib import admin
from django.urls import path

from openstack_api.views import healthcheck

urlpatterns = [
    path("healthcheck", healthcheck),
    path("", admin.site.urls),
]
