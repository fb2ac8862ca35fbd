"""/allocations/{consumer_uuid}, POST /allocations (1.13) and /resource_providers/{uuid}/allocations."""
import uuid as uuid_module

from rest_framework import status
from rest_framework.response import Response

from openstack_api.views import PlacementAPIView
from placement import exceptions, lookups
from placement.api.schemas import allocations as schemas
from placement.api.schemas import wire
from placement.policies import authorize
from placement.services import allocations as services

UNKNOWN_CONSUMER_TYPE = "unknown"


def parse_consumer_uuid(text: str) -> uuid_module.UUID:
    try:
        return uuid_module.UUID(text)
    except ValueError:
        raise exceptions.BadRequest(f"Malformed consumer_uuid: {text}") from None


def consumer_request(text: str, body: dict, version) -> services.ConsumerAllocations:
    """One consumer's part of a validated body, in the dict form whatever the microversion."""
    allocations = body["allocations"]
    if version < "1.12":
        allocations = {item["resource_provider"]["uuid"]: item for item in allocations}
    return services.ConsumerAllocations(
        uuid=parse_consumer_uuid(text),
        allocations={provider: entry["resources"] for provider, entry in allocations.items()},
        project_id=body.get("project_id", services.INCOMPLETE_CONSUMER_ID),
        user_id=body.get("user_id", services.INCOMPLETE_CONSUMER_ID),
        generation=body.get("consumer_generation"),
        check_generation=version >= "1.28",
        consumer_type=body.get("consumer_type"),
    )


def render_for_consumer(consumer, allocations, version) -> dict:
    by_provider = {}
    for allocation in allocations:
        provider = allocation.provider
        entry = by_provider.setdefault(str(provider.uuid), {"generation": provider.generation, "resources": {}})
        entry["resources"][allocation.resource_class.name] = allocation.used
    body = {"allocations": by_provider}
    if consumer is not None and version >= "1.12":
        body.update(project_id=consumer.project_id, user_id=consumer.user_id)
        if version >= "1.28":
            body["consumer_generation"] = consumer.generation
        if version >= "1.38":
            body["consumer_type"] = consumer.consumer_type or UNKNOWN_CONSUMER_TYPE
    return body


def render_for_provider(provider, allocations, version) -> dict:
    by_consumer = {}
    for allocation in allocations:
        consumer = allocation.consumer
        entry = by_consumer.setdefault(str(consumer.uuid), {"resources": {}})
        entry["resources"][allocation.resource_class.name] = allocation.used
        if version >= "1.28":
            entry["consumer_generation"] = consumer.generation
    return {"allocations": by_consumer, "resource_provider_generation": provider.generation}


class ConsumerAllocationsView(PlacementAPIView):
    def get(self, request, consumer_uuid):
        authorize(self.context, "placement:allocations:list")
        consumer, allocations = services.of_consumer(consumer_uuid)
        self.last_modified = wire.newest(allocations)
        return Response(render_for_consumer(consumer, allocations, request.version))

    def put(self, request, consumer_uuid):
        authorize(self.context, "placement:allocations:update")
        parse_consumer_uuid(consumer_uuid)
        body = wire.json_body(request, wire.for_version(schemas.PUT, request.version))
        services.replace([consumer_request(consumer_uuid, body, request.version)])
        return Response(status=status.HTTP_204_NO_CONTENT)

    def delete(self, request, consumer_uuid):
        authorize(self.context, "placement:allocations:delete")
        services.delete(consumer_uuid)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AllocationsView(wire.Introduced, PlacementAPIView):
    introduced_in = "1.13"

    def post(self, request):
        authorize(self.context, "placement:allocations:manage")
        body = wire.json_body(request, wire.for_version(schemas.POST, request.version))
        services.replace([consumer_request(text, entry, request.version) for text, entry in body.items()])
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProviderAllocationsView(PlacementAPIView):
    def get(self, request, uuid):
        authorize(self.context, "placement:resource_providers:allocations:list")
        try:
            provider = lookups.get_provider(uuid)
        except exceptions.NotFound as exc:
            raise exceptions.NotFound(f"Resource provider '{uuid}' not found: {exc.detail}") from None
        allocations = services.of_provider(provider)
        self.last_modified = wire.newest(allocations)
        return Response(render_for_provider(provider, allocations, request.version))
