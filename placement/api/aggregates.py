"""/resource_providers/{uuid}/aggregates (from 1.1); from 1.19 bodies carry the provider generation."""
from rest_framework.response import Response

from openstack_api.views import PlacementAPIView
from placement import lookups
from placement.api.schemas import aggregates as schemas
from placement.api.schemas import wire
from placement.policies import authorize
from placement.services import aggregates as services

WITH_GENERATION = "1.19"


def _render(request, provider, aggregate_uuids) -> dict:
    body = {"aggregates": list(aggregate_uuids)}
    if request.version >= WITH_GENERATION:
        body["resource_provider_generation"] = provider.generation
    return body


class ProviderAggregatesView(wire.Introduced, PlacementAPIView):
    introduced_in = "1.1"

    def get(self, request, uuid):
        authorize(self.context, "placement:resource_providers:aggregates:list")
        provider = lookups.get_provider(uuid)
        # Associations carry no time of their own: Last-Modified is the response time, as upstream.
        return Response(_render(request, provider, services.of_provider(provider)))

    def put(self, request, uuid):
        authorize(self.context, "placement:resource_providers:aggregates:update")
        body = wire.provider_body(request, wire.for_version(schemas.AGGREGATES, request.version), uuid)
        if request.version >= WITH_GENERATION:
            aggregates, generation = body["aggregates"], body["resource_provider_generation"]
        else:
            aggregates, generation = body, None
        provider = services.replace(uuid, aggregates, generation)
        return Response(_render(request, provider, aggregates), headers=wire.modified_headers(request))
