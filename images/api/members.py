"""/v2/images/{id}/members: who a shared image is shared with, and each member's answer."""
from rest_framework import status
from rest_framework.response import Response

from images.api.wire import member_body
from images.exceptions import BadRequest
from images.services import members
from openstack_api.views import ImageAPIView


def _field(body, name):
    if not isinstance(body, dict) or name not in body:
        raise BadRequest(f"Request body must be a JSON object with a '{name}' member.")
    return body[name]


class MemberListView(ImageAPIView):
    def get(self, request, image_id):
        listed = members.listed(self.context, image_id)
        return Response({"members": [member_body(member) for member in listed], "schema": "/v2/schemas/members"})

    def post(self, request, image_id):
        member = members.create(self.context, image_id, _field(request.data, "member"))
        return Response(member_body(member))


class MemberDetailView(ImageAPIView):
    def get(self, request, image_id, member_id):
        return Response(member_body(members.get(self.context, image_id, member_id)))

    def put(self, request, image_id, member_id):
        member = members.update_status(self.context, image_id, member_id, _field(request.data, "status"))
        return Response(member_body(member))

    def delete(self, request, image_id, member_id):
        members.delete(self.context, image_id, member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
