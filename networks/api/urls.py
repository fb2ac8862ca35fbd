"""The Networking API's /v2.0 URL map (with or without the `.json` suffix old clients add)."""
from django.urls import re_path

from networks.api import discovery, quotas, views

urlpatterns = [re_path(r"^/?$", discovery.ResourcesView.as_view())]
for plural in views.RESOURCES:
    urlpatterns += [
        re_path(rf"^{plural}(?:\.json)?$", views.collection(plural)),
        re_path(rf"^{plural}/(?P<resource_id>[^/]+?)(?:\.json)?$", views.member(plural)),
    ]
urlpatterns += [
    re_path(r"^extensions(?:\.json)?$", discovery.ExtensionListView.as_view()),
    re_path(r"^extensions/(?P<alias>[^/]+?)(?:\.json)?$", discovery.ExtensionView.as_view()),
    re_path(r"^quotas/(?P<project_id>[^/]+?)/default(?:\.json)?$", quotas.QuotaDefaultView.as_view()),
    re_path(r"^quotas/(?P<project_id>[^/]+?)(?:\.json)?$", quotas.QuotaView.as_view()),
]
