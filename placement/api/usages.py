"""/resource_providers/{uuid}/usages and GET /usages (1.9; grouped by consumer type from 1.38)."""
from rest_framework.response import Response

from openstack_api.views import PlacementAPIView
from placement import exceptions, lookups
from placement.api.schemas import wire
from placement.policies import authorize
from placement.services import usages as services

_EXTERNAL_ID = {"type": "string", "minLength": 1, "maxLength": 255}
# Query parameters of GET /usages; `consumer_type` (1.38) is a type name, `all` or `unknown`.
QUERY = (
    ("1.9", {"project_id": _EXTERNAL_ID, "user_id": _EXTERNAL_ID}),
    ("1.38", {"project_id": _EXTERNAL_ID, "user_id": _EXTERNAL_ID, "consumer_type": {
        "type": "string", "pattern": "^[A-Z0-9_]+$|^all|^unknown$", "minLength": 1, "maxLength": 255,
    }}),
)


class ProviderUsagesView(PlacementAPIView):
    def get(self, request, uuid):
        authorize(self.context, "placement:resource_providers:usages")
        provider = lookups.get_provider(uuid)
        # Usage is a question about now: Last-Modified is the response time, as upstream.
        return Response({"resource_provider_generation": provider.generation, "usages": services.of_provider(provider)})


class UsagesView(wire.Introduced, PlacementAPIView):
    introduced_in = "1.9"

    def get(self, request):
        authorize(self.context, "placement:usages", {"project_id": request.query_params.get("project_id")})
        query = wire.query_params(request, wire.for_version(QUERY, request.version))
        if "project_id" not in query:
            raise exceptions.BadRequest("Invalid query string parameters: 'project_id' is a required property")
        if request.version >= "1.38":
            usages = services.totals_by_consumer_type(query["project_id"], query.get("user_id"),
                                                      query.get("consumer_type"))
        else:
            usages = services.totals(query["project_id"], query.get("user_id"))
        return Response({"usages": usages})
