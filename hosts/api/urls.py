from django.urls import path

from hosts.api import views

urlpatterns = [
    path("os-services", views.ServiceListView.as_view()),
    path("os-services/<str:service_id>", views.ServiceDetailView.as_view()),
]
