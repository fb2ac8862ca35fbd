"""POST /reshaper (1.30): move inventories and their allocations between providers atomically."""
from rest_framework import status
from rest_framework.response import Response

from openstack_api.views import PlacementAPIView
from placement.api.allocations import consumer_request
from placement.api.schemas import reshaper as schemas
from placement.api.schemas import wire
from placement.policies import authorize
from placement.services import reshaper as services


class ReshaperView(wire.Introduced, PlacementAPIView):
    introduced_in = "1.30"

    def post(self, request):
        authorize(self.context, "placement:reshaper:reshape")
        body = wire.json_body(request, wire.for_version(schemas.RESHAPE, request.version))
        requests = [consumer_request(text, entry, request.version) for text, entry in body["allocations"].items()]
        services.reshape(body["inventories"], requests)
        return Response(status=status.HTTP_204_NO_CONTENT)
