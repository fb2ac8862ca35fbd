"""/servers/{id}/tags and /servers/{id}/tags/{tag} (2.26+; a 404 below, as Nova's unversioned routes)."""
import jsonschema
from rest_framework import exceptions, status
from rest_framework.response import Response

from instances import policies
from instances.api import schemas
from instances.api.base import ServerAPIView
from instances.services import tags
from openstack_api.validation import validate

RULE = policies.TAGS
TAGS_VERSION = "2.26"


class TagsAPIView(ServerAPIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.version < TAGS_VERSION:
            raise exceptions.NotFound("The resource could not be found.")


class TagListView(TagsAPIView):
    def get(self, request, server_id):
        return Response({"tags": tags.of(self.server(server_id, RULE % "index"))})

    def put(self, request, server_id):
        values = validate(request.data, schemas.TAGS_BODY)["tags"]
        instance = self.server(server_id, RULE % "update_all")
        return Response({"tags": tags.replace(instance, values)})

    def delete(self, request, server_id):
        tags.remove_all(self.server(server_id, RULE % "delete_all"))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TagView(TagsAPIView):
    def get(self, request, server_id, tag):
        instance = self.server(server_id, RULE % "show")
        if not tags.exists(instance, tag):
            raise tags.TagNotFound(instance, tag)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def put(self, request, server_id, tag):
        _check_tag(tag)
        instance = self.server(server_id, RULE % "update")
        if not tags.add(instance, tag):
            return Response(status=status.HTTP_204_NO_CONTENT)
        response = Response(status=status.HTTP_201_CREATED)
        response["Location"] = f"{self.root_url}/v2.1/servers/{instance.uuid}/tags/{tag}"
        return response

    def delete(self, request, server_id, tag):
        tags.remove(self.server(server_id, RULE % "delete"), tag)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _check_tag(tag: str) -> None:
    try:
        jsonschema.validate(tag, schemas.TAG)
    except jsonschema.ValidationError as exc:
        raise exceptions.ValidationError({"detail": (
            f"Tag '{tag}' is invalid. It must be a non empty string without characters '/' and ','. "
            f"Validation error message: {exc.message}")}) from None
