from django.urls import path

from server_groups.api import views

urlpatterns = [
    path("os-server-groups", views.ServerGroupListView.as_view()),
    path("os-server-groups/<str:group_id>", views.ServerGroupView.as_view()),
]
