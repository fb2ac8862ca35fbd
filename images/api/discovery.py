"""Unauthenticated documents: the versions list, the health check and the JSON schemas."""
from rest_framework import status
from rest_framework.response import Response

from images import schema
from openstack_api import errors
from openstack_api.version_documents import PublicView

# Glance's v2 minor versions; the newest is CURRENT, the others SUPPORTED.
CURRENT_MINOR = 16


def versions(request) -> dict:
    href = request.build_absolute_uri("/v2/")
    return {"versions": [
        {"id": f"v2.{minor}", "status": "CURRENT" if minor == CURRENT_MINOR else "SUPPORTED",
         "links": [{"rel": "self", "href": href}]}
        for minor in range(CURRENT_MINOR, -1, -1)
    ]}


class ImagePublicView(PublicView):
    def get_exception_handler(self):
        return errors.glance_exception_handler


class VersionsView(ImagePublicView):
    """`/` answers 300 Multiple Choices, as Glance's version negotiation does; `/versions` answers 200."""

    explicit = False

    def get(self, request):
        code = status.HTTP_200_OK if self.explicit else status.HTTP_300_MULTIPLE_CHOICES
        return Response(versions(request), status=code)


SCHEMAS = {
    "image": lambda: schema.IMAGE_SCHEMA,
    "images": schema.images_schema,
    "member": lambda: schema.MEMBER_SCHEMA,
    "members": schema.members_schema,
}


class SchemaView(ImagePublicView):
    def get(self, request, name):
        if name not in SCHEMAS:
            return Response(errors.glance_error_body(404, "The resource could not be found."), status=404)
        return Response(SCHEMAS[name]())
