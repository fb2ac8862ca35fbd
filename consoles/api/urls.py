"""The console URLs of the Compute API (under /v2.1/)."""
from django.urls import path

from consoles.api import views

urlpatterns = [
    path("servers/<str:server_id>/remote-consoles", views.RemoteConsolesView.as_view()),
]
