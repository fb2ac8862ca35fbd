from django.urls import path

from placement.api import views

urlpatterns = [
    path("", views.RootView.as_view()),
]
