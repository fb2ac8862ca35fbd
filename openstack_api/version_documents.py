"""Version discovery documents at each API root, in Nova's and Placement's shapes.

They answer without authentication, as upstream does, so clients can discover before they log in.
"""
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from openstack_api import errors, microversions

NOVA_V21_UPDATED = "2013-07-23T11:33:21Z"


def compute_version(request) -> dict:
    api = microversions.COMPUTE
    return {
        "id": "v2.1",
        "status": "CURRENT",
        "version": str(api.max_version),
        "min_version": str(api.min_version),
        "updated": NOVA_V21_UPDATED,
        "links": [{"rel": "self", "href": request.build_absolute_uri("/v2.1/")}],
    }


class PublicView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def get_exception_handler(self):
        return errors.nova_exception_handler


class ComputeVersionsView(PublicView):
    def get(self, request):
        return Response({"versions": [compute_version(request)]})


class ComputeV21View(PublicView):
    def get(self, request):
        document = compute_version(request)
        document["links"].append(
            {"rel": "describedby", "type": "text/html", "href": "https://docs.openstack.org/"}
        )
        document["media-types"] = [
            {"base": "application/json", "type": "application/vnd.openstack.compute+json;version=2.1"}
        ]
        return Response({"version": document})
