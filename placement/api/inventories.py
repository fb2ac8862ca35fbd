"""/resource_providers/{uuid}/inventories and .../inventories/{resource_class}."""
from rest_framework import status
from rest_framework.response import Response

from openstack_api.views import PlacementAPIView
from placement import exceptions, lookups
from placement.api.schemas import inventories as schemas
from placement.api.schemas import wire
from placement.policies import authorize
from placement.services import inventories as services

FIELDS = ("total", "reserved", "min_unit", "max_unit", "step_size", "allocation_ratio")
METHOD_NOT_ALLOWED = "The method specified is not allowed for this resource."


def render(inventory) -> dict:
    return {field: getattr(inventory, field) for field in FIELDS}


def render_one(provider, inventory) -> dict:
    return {**render(inventory), "resource_provider_generation": provider.generation}


def render_all(provider, inventories) -> dict:
    return {
        "resource_provider_generation": provider.generation,
        "inventories": {inventory.resource_class.name: render(inventory) for inventory in inventories},
    }


def reserved_may_equal_total(request) -> bool:
    """From 1.26 an inventory may be entirely reserved."""
    return request.version >= "1.26"


class InventoryListView(PlacementAPIView):
    def get(self, request, uuid):
        authorize(self.context, "placement:resource_providers:inventories:list")
        provider = lookups.get_provider(uuid)
        inventories = services.of(provider)
        self.last_modified = wire.newest(inventories)
        return Response(render_all(provider, inventories))

    def post(self, request, uuid):
        authorize(self.context, "placement:resource_providers:inventories:create")
        body = wire.provider_body(request, schemas.CREATE_ONE, uuid)
        provider, inventory = services.create_one(uuid, body, reserved_may_equal_total(request))
        location = wire.href(request, "resource_providers", provider.uuid, "inventories", inventory.resource_class.name)
        headers = {"Location": location, **wire.modified_headers(request, inventory.updated_at)}
        return Response(render_one(provider, inventory), status=status.HTTP_201_CREATED, headers=headers)

    def put(self, request, uuid):
        authorize(self.context, "placement:resource_providers:inventories:update")
        body = wire.provider_body(request, schemas.REPLACE_ALL, uuid)
        provider, inventories = services.replace_all(
            uuid, body["resource_provider_generation"], body["inventories"], reserved_may_equal_total(request)
        )
        headers = wire.modified_headers(request, wire.newest(inventories))
        return Response(render_all(provider, inventories), headers=headers)

    def delete(self, request, uuid):
        if request.version < "1.5":
            raise exceptions.PlacementError(METHOD_NOT_ALLOWED, status_code=status.HTTP_405_METHOD_NOT_ALLOWED)
        authorize(self.context, "placement:resource_providers:inventories:delete")
        services.delete_all(uuid)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InventoryDetailView(PlacementAPIView):
    def get(self, request, uuid, resource_class):
        authorize(self.context, "placement:resource_providers:inventories:show")
        provider = lookups.get_provider(uuid)
        inventory = provider.inventories.filter(resource_class__name=resource_class).first()
        if inventory is None:
            raise exceptions.NotFound(f"No inventory of class {resource_class} for {uuid}")
        self.last_modified = inventory.updated_at
        return Response(render_one(provider, inventory))

    def put(self, request, uuid, resource_class):
        authorize(self.context, "placement:resource_providers:inventories:update")
        body = wire.provider_body(request, schemas.UPDATE_ONE, uuid)
        provider, inventory = services.update_one(
            uuid, resource_class, body["resource_provider_generation"], body, reserved_may_equal_total(request)
        )
        return Response(render_one(provider, inventory), headers=wire.modified_headers(request, inventory.updated_at))

    def delete(self, request, uuid, resource_class):
        authorize(self.context, "placement:resource_providers:inventories:delete")
        services.delete_one(uuid, resource_class)
        return Response(status=status.HTTP_204_NO_CONTENT)
