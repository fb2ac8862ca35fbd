from django.urls import path

from keypairs.api import views

urlpatterns = [
    path("os-keypairs", views.KeyPairListView.as_view()),
    path("os-keypairs/<str:name>", views.KeyPairView.as_view()),
]
