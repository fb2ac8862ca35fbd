"""/servers: list (summary and detail), create, show, update, delete."""
from rest_framework import exceptions, status
from rest_framework.response import Response

from instances import policies
from instances.api import schemas, wire
from instances.api.base import ServerAPIView
from instances.api.create_body import create_servers
from instances.api.query import list_query
from instances.services import listing, records
from openstack_api.links import next_links
from openstack_api.policy import authorize
from openstack_api.validation import check_name, printable, validate

FULL_UPDATE_VERSION = "2.75"  # from here PUT answers with every attribute GET shows


class ServerListView(ServerAPIView):
    """GET /servers (id, name, links) and POST /servers."""

    detailed = False
    path = "servers"

    def get(self, request):
        rule = "detail" if self.detailed else "index"
        authorize(self.context, policies.SERVERS % rule, {"project_id": self.context.project_id})
        query, params = list_query(request, self.context, detailed=self.detailed)
        try:
            instances = listing.server_page(query, detailed=self.detailed)
        except listing.MarkerNotFound:
            raise exceptions.ValidationError({"detail": f"marker [{query.marker}] not found"}) from None
        if self.detailed:
            rendering = self.rendering(instances, groups=(wire.BASE, wire.EXTENDED))
            body = {"servers": [wire.detail(instance, rendering) for instance in instances]}
        else:
            rendering = wire.Rendering(request.version, self.root_url)
            body = {"servers": [wire.summary(instance, rendering) for instance in instances]}
        page_links = next_links(self.root_url, self.path, params, instances, query.limit, lambda i: str(i.uuid))
        if page_links:
            body["servers_links"] = page_links
        return Response(body)

    def post(self, request):
        instances, reservation_id, options = create_servers(self.context, request.data, request.version)
        if options["return_reservation_id"]:
            return Response({"reservation_id": reservation_id}, status=status.HTTP_202_ACCEPTED)
        body = wire.created(instances[0], wire.Rendering(request.version, self.root_url),
                            options["security_groups"], options["admin_pass"])
        response = Response(body, status=status.HTTP_202_ACCEPTED)
        response["Location"] = body["server"]["links"][0]["href"]
        return response


class ServerDetailListView(ServerListView):
    detailed = True
    path = "servers/detail"
    http_method_names = ["get"]


class ServerView(ServerAPIView):
    def get(self, request, server_id):
        instance = self.server(server_id, policies.SERVERS % "show", for_detail=True)
        return Response({"server": wire.detail(instance, self.rendering([instance]))})

    def put(self, request, server_id):
        body = validate(request.data, schemas.update_schema(request.version))["server"]
        instance = self.server(server_id, policies.SERVERS % "update", for_detail=True)
        changes = {}
        if "name" in body:
            check_name(body["name"])
            changes["display_name"] = body["name"]
        if "description" in body:
            _check_description(body["description"])
            changes["description"] = body["description"]
        if changes:
            records.update(instance, **changes)
        groups = None if request.version >= FULL_UPDATE_VERSION else (wire.BASE, wire.SHOW)
        return Response({"server": wire.detail(instance, self.rendering([instance], groups=groups))})

    def delete(self, request, server_id):
        instance = self.server(server_id, policies.SERVERS % "delete")
        records.delete(self.context, instance)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _check_description(description) -> None:
    if description is not None and not printable(description):
        raise exceptions.ValidationError({"detail": (
            f"Invalid input for field/attribute description. Value: {description}. "
            "Only printable characters are allowed."
        )})
