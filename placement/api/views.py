"""Placement's root version document."""
from rest_framework.response import Response

from openstack_api import errors, microversions
from openstack_api.version_documents import PublicView


class RootView(PublicView):
    def get_exception_handler(self):
        return errors.placement_exception_handler

    def get(self, request):
        api = microversions.PLACEMENT
        version = {
            "id": "v1.0",
            "max_version": str(api.max_version),
            "min_version": str(api.min_version),
            "status": "CURRENT",
            "links": [{"rel": "self", "href": ""}],
        }
        return Response({"versions": [version]})
