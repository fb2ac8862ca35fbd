"""The server URLs of the Compute API (under /v2.1/)."""
from django.urls import path

from instances.api import actions, interfaces, metadata, servers, tags
from instances.api.server_actions import ServerActionView

urlpatterns = [
    path("servers", servers.ServerListView.as_view()),
    path("servers/detail", servers.ServerDetailListView.as_view()),
    path("servers/<str:server_id>", servers.ServerView.as_view()),
    path("servers/<str:server_id>/action", ServerActionView.as_view()),
    path("servers/<str:server_id>/metadata", metadata.MetadataView.as_view()),
    path("servers/<str:server_id>/metadata/<str:key>", metadata.MetadataItemView.as_view()),
    path("servers/<str:server_id>/tags", tags.TagListView.as_view()),
    path("servers/<str:server_id>/tags/<str:tag>", tags.TagView.as_view()),
    path("servers/<str:server_id>/os-interface", interfaces.InterfaceListView.as_view()),
    path("servers/<str:server_id>/os-interface/<str:port_id>", interfaces.InterfaceView.as_view()),
    path("servers/<str:server_id>/os-instance-actions", actions.ActionListView.as_view()),
    path("servers/<str:server_id>/os-instance-actions/<str:request_id>", actions.ActionView.as_view()),
]
