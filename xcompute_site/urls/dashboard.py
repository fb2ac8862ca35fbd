"""The operator dashboard (port 8000): the Django admin."""
from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("", admin.site.urls),
]
