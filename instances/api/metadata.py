"""/servers/{id}/metadata and /servers/{id}/metadata/{key}."""
from rest_framework import exceptions, status
from rest_framework.response import Response

from instances import policies
from instances.api import schemas
from instances.api.base import ServerAPIView
from instances.services import metadata
from openstack_api.validation import validate

RULE = policies.METADATA


class MetadataView(ServerAPIView):
    def get(self, request, server_id):
        instance = self.server(server_id, RULE % "index")
        return Response({"metadata": metadata.of(instance)})

    def post(self, request, server_id):
        """Merge the given items into the server's metadata."""
        items = validate(request.data, schemas.METADATA_BODY)["metadata"]
        instance = self.server(server_id, RULE % "create")
        return Response({"metadata": metadata.change(self.context, instance, items, replace=False)})

    def put(self, request, server_id):
        """Replace the server's metadata with the given items."""
        items = validate(request.data, schemas.METADATA_BODY)["metadata"]
        instance = self.server(server_id, RULE % "update_all")
        return Response({"metadata": metadata.change(self.context, instance, items, replace=True)})


class MetadataItemView(ServerAPIView):
    def get(self, request, server_id, key):
        instance = self.server(server_id, RULE % "show")
        return Response({"meta": {key: metadata.get_item(instance, key)}})

    def put(self, request, server_id, key):
        item = validate(request.data, schemas.METADATA_ITEM_BODY)["meta"]
        if key not in item:
            raise exceptions.ValidationError({"detail": "Request body and URI mismatch"})
        instance = self.server(server_id, RULE % "update")
        metadata.change(self.context, instance, item, replace=False)
        return Response({"meta": item})

    def delete(self, request, server_id, key):
        instance = self.server(server_id, RULE % "delete")
        metadata.delete_item(self.context, instance, key)
        return Response(status=status.HTTP_204_NO_CONTENT)
