"""The Image API's /v2 URL map."""
from django.urls import path

from images.api import data, discovery, images, members

urlpatterns = [
    path("images", images.ImageListView.as_view()),
    path("images/<str:image_id>", images.ImageDetailView.as_view()),
    path("images/<str:image_id>/file", data.ImageDataView.as_view()),
    path("images/<str:image_id>/actions/<str:action>", images.ImageActionView.as_view()),
    path("images/<str:image_id>/tags/<str:tag>", images.ImageTagView.as_view()),
    path("images/<str:image_id>/members", members.MemberListView.as_view()),
    path("images/<str:image_id>/members/<str:member_id>", members.MemberDetailView.as_view()),
    path("schemas/<str:name>", discovery.SchemaView.as_view()),
]
