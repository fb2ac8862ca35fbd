"""/resource_providers and /resource_providers/{uuid}, rendered per microversion."""
from rest_framework import status
from rest_framework.response import Response

from openstack_api.views import PlacementAPIView
from placement import exceptions, lookups
from placement.api.schemas import provider_query, wire
from placement.api.schemas import providers as schemas
from placement.policies import authorize
from placement.services import providers as services

# Links every provider carries besides `self`, with the microversion each appeared in.
LINKS = (("inventories", "1.0"), ("usages", "1.0"), ("aggregates", "1.1"), ("traits", "1.6"), ("allocations", "1.11"))


def provider_href(request, provider) -> str:
    return wire.href(request, "resource_providers", provider.uuid)


def render(request, provider) -> dict:
    """A provider as GET /resource_providers/{uuid} shows it at the request's microversion."""
    url = provider_href(request, provider)
    links = [{"rel": "self", "href": url}]
    links += [{"rel": rel, "href": f"{url}/{rel}"} for rel, since in LINKS if request.version >= since]
    body = {"uuid": str(provider.uuid), "name": provider.name, "generation": provider.generation, "links": links}
    if request.version >= "1.14":
        body["parent_provider_uuid"] = str(provider.parent.uuid) if provider.parent_id else None
        body["root_provider_uuid"] = str(provider.root.uuid)
    return body


class ProviderListView(PlacementAPIView):
    def get(self, request):
        authorize(self.context, "placement:resource_providers:list")
        found = list(services.search(provider_query.parse(request)))
        self.last_modified = wire.newest(found)
        return Response({"resource_providers": [render(request, provider) for provider in found]})

    def post(self, request):
        authorize(self.context, "placement:resource_providers:create")
        body = wire.json_body(request, wire.for_version(schemas.CREATE, request.version))
        provider = services.create(body["name"], body.get("uuid"), body.get("parent_provider_uuid"))
        location = {"Location": request.build_absolute_uri(provider_href(request, provider))}
        if request.version < "1.20":
            return Response(status=status.HTTP_201_CREATED, headers=location)
        headers = {**location, **wire.modified_headers(request, provider.updated_at)}
        return Response(render(request, provider), headers=headers)


class ProviderDetailView(PlacementAPIView):
    def get(self, request, uuid):
        authorize(self.context, "placement:resource_providers:show")
        provider = services.get(uuid)
        self.last_modified = provider.updated_at
        return Response(render(request, provider))

    def put(self, request, uuid):
        authorize(self.context, "placement:resource_providers:update")
        provider = lookups.get_provider(uuid)
        body = wire.json_body(request, wire.for_version(schemas.UPDATE, request.version))
        provider = services.update(
            provider, body["name"], body.get("parent_provider_uuid", services.UNCHANGED),
            allow_reparenting=request.version >= "1.37",
        )
        return Response(render(request, provider), headers=wire.modified_headers(request, provider.updated_at))

    def delete(self, request, uuid):
        authorize(self.context, "placement:resource_providers:delete")
        try:
            provider = lookups.get_provider(uuid)
        except exceptions.NotFound:
            raise exceptions.NotFound(f"No resource provider with uuid {uuid} found for delete") from None
        services.delete(provider)
        return Response(status=status.HTTP_204_NO_CONTENT)
