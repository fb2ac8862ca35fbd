"""Keystone's version documents at `/` and `/v3`, which clients read before they log in."""
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from openstack_api.views import IdentityAPIView

UPDATED = "2026-12-01T00:00:00Z"
MEDIA_TYPES = [{"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}]


def v3(root: str) -> dict:
    return {"id": "v3.14", "status": "stable", "updated": UPDATED, "media-types": MEDIA_TYPES,
            "links": [{"rel": "self", "href": f"{root}/v3/"}]}


class PublicView(IdentityAPIView):
    authentication_classes = []
    permission_classes = [AllowAny]


class VersionsView(PublicView):
    def get(self, request):
        # 300 Multiple Choices, as Keystone answers at its root.
        return Response({"versions": {"values": [v3(self.root_url)]}}, status=300)


class V3View(PublicView):
    def get(self, request):
        return Response({"version": v3(self.root_url)})
