"""/traits, /traits/{name} and /resource_providers/{uuid}/traits (all from 1.6)."""
from rest_framework import status
from rest_framework.response import Response

from openstack_api.views import PlacementAPIView
from placement import exceptions, lookups
from placement.api.schemas import traits as schemas
from placement.api.schemas import wire
from placement.policies import authorize
from placement.services import traits as services

INVALID_CUSTOM_NAME = (
    'The trait is invalid. A valid trait must be no longer than 255 characters, start with the prefix "CUSTOM_" '
    'and use following characters: "A"-"Z", "0"-"9" and "_"'
)


def _name_filter(value: str) -> dict:
    """`in:A,B` or `startswith:PREFIX`; upstream ignores any other operator."""
    operator, colon, operand = value.partition(":")
    if not colon:
        raise exceptions.BadRequest(
            "Badly formatted name parameter. Expected name query string parameter in form: "
            f'?name=[in|startswith]:[name1,name2|prefix]. Got: "{value}"'
        )
    if operator == "in":
        return {"names": operand.split(",")}
    if operator == "startswith":
        return {"prefix": operand}
    return {}


def _associated_filter(value: str) -> dict:
    if value.lower() not in ("true", "false"):
        raise exceptions.BadRequest('The query parameter "associated" only accepts "true" or "false"')
    return {"associated": value.lower() == "true"}


class TraitListView(wire.Introduced, PlacementAPIView):
    introduced_in = "1.6"

    def get(self, request):
        authorize(self.context, "placement:traits:list")
        query = wire.query_params(request, schemas.LIST_QUERY)
        filters = {}
        if "name" in query:
            filters.update(_name_filter(query["name"]))
        if "associated" in query:
            filters.update(_associated_filter(query["associated"]))
        traits = list(services.catalogue(**filters))
        self.last_modified = wire.newest(traits)
        return Response({"traits": [trait.name for trait in traits]})


class TraitDetailView(wire.Introduced, PlacementAPIView):
    introduced_in = "1.6"

    def get(self, request, name):
        authorize(self.context, "placement:traits:show")
        trait = services.get(name)
        return Response(status=status.HTTP_204_NO_CONTENT, headers=wire.modified_headers(request, trait.created_at))

    def put(self, request, name):
        authorize(self.context, "placement:traits:update")
        if wire.first_error(name, schemas.CUSTOM_TRAIT_NAME) is not None:
            raise exceptions.BadRequest(INVALID_CUSTOM_NAME)
        trait, created = services.ensure(name)
        headers = {"Location": request.build_absolute_uri(wire.href(request, "traits", trait.name))}
        headers.update(wire.modified_headers(request, trait.created_at))
        return Response(status=status.HTTP_201_CREATED if created else status.HTTP_204_NO_CONTENT, headers=headers)

    def delete(self, request, name):
        authorize(self.context, "placement:traits:delete")
        services.delete(name)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProviderTraitsView(wire.Introduced, PlacementAPIView):
    introduced_in = "1.6"

    def get(self, request, uuid):
        authorize(self.context, "placement:resource_providers:traits:list")
        provider = lookups.get_provider(uuid)
        traits = list(services.of_provider(provider))
        self.last_modified = wire.newest(traits)
        return Response(_render(traits, provider))

    def put(self, request, uuid):
        authorize(self.context, "placement:resource_providers:traits:update")
        body = wire.json_body(request, schemas.PROVIDER_TRAITS)
        traits, provider = services.replace(uuid, body["traits"], body["resource_provider_generation"])
        return Response(_render(traits, provider), headers=wire.modified_headers(request, wire.newest(traits)))

    def delete(self, request, uuid):
        authorize(self.context, "placement:resource_providers:traits:delete")
        services.clear(uuid)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _render(traits, provider) -> dict:
    return {"traits": [trait.name for trait in traits], "resource_provider_generation": provider.generation}
