"""A URL map with only the Django admin, for rendering the flavor admin in tests (the dashboard comes later)."""
from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
