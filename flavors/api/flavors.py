"""/flavors: list (summary and detail), show, create, update the description (2.55+), delete."""
from rest_framework import exceptions, status
from rest_framework.response import Response

from flavors import policies, services
from flavors.api import schemas, wire
from flavors.api.query import list_query
from flavors.services import listing
from openstack_api.policy import authorize
from openstack_api.validation import check_name, printable, to_bool, validate
from openstack_api.views import ComputeAPIView


class FlavorAPIView(ComputeAPIView):
    def rendering(self, *, extra_specs=True) -> wire.Rendering:
        """How this request renders flavors; the extra-specs policy is asked once, and only from 2.61."""
        version = self.request.version
        allowed = extra_specs and version >= wire.EXTRA_SPECS_VERSION and policies.may_see_extra_specs(self.context)
        return wire.Rendering(version, self.request.build_absolute_uri("/").rstrip("/"), allowed)


class FlavorListView(FlavorAPIView):
    """GET /flavors (id, name, links) and POST /flavors."""

    render = staticmethod(wire.summary)
    path = "flavors"

    def get(self, request):
        query, params = list_query(request, self.context)
        rendering = self.rendering(extra_specs=self.render is wire.detail)
        try:
            flavors = listing.flavor_page(self.context, query, with_extra_specs=rendering.with_extra_specs)
        except listing.MarkerNotFound:
            raise exceptions.ValidationError({"detail": f"marker [{query.marker}] not found"}) from None
        return Response(wire.collection(flavors, rendering, self.render, self.path, params, query.limit))

    def post(self, request):
        authorize(self.context, policies.MANAGE % "create")
        values = _create_values(request)
        flavor = services.create(
            values["name"], values["vcpus"], values["ram"], values["disk"], flavorid=values.get("id"),
            ephemeral_gb=values.get("OS-FLV-EXT-DATA:ephemeral", 0), swap=values.get("swap", 0),
            rxtx_factor=values.get("rxtx_factor", 1.0), is_public=values.get("os-flavor-access:is_public", True),
            description=values.get("description"),
        )
        return Response({"flavor": wire.detail(flavor, self.rendering())})


class FlavorDetailListView(FlavorListView):
    """GET /flavors/detail: every field of each flavor."""

    render = staticmethod(wire.detail)
    path = "flavors/detail"
    http_method_names = ["get"]


class FlavorView(FlavorAPIView):
    def get(self, request, flavor_id):
        rendering = self.rendering()
        flavor = services.get_by_flavorid(flavor_id, self.context, with_extra_specs=rendering.with_extra_specs)
        return Response({"flavor": wire.detail(flavor, rendering)})

    def put(self, request, flavor_id):
        if request.version < wire.DESCRIPTION_VERSION:
            raise exceptions.NotFound("The resource could not be found.")
        authorize(self.context, policies.MANAGE % "update")
        description = validate(request.data, schemas.UPDATE_V255)["flavor"]["description"]
        _check_description(description)
        rendering = self.rendering()
        flavor = services.get_by_flavorid(flavor_id, self.context, with_extra_specs=rendering.with_extra_specs)
        services.set_description(flavor, description)
        return Response({"flavor": wire.detail(flavor, rendering)})

    def delete(self, request, flavor_id):
        authorize(self.context, policies.MANAGE % "delete")
        services.delete(services.get_by_flavorid(flavor_id, self.context))
        return Response(status=status.HTTP_202_ACCEPTED)


def _create_values(request) -> dict:
    """The create body's flavor, validated as Nova does and with numeric strings made numbers."""
    schema = schemas.CREATE_V255 if request.version >= wire.DESCRIPTION_VERSION else schemas.CREATE
    values = validate(request.data, schema)["flavor"]
    for field in schemas.INTEGER_FIELDS:
        if isinstance(values.get(field), str):
            values[field] = int(values[field])
    if isinstance(values.get("rxtx_factor"), str):
        values["rxtx_factor"] = float(values["rxtx_factor"])
    # Again, now that every number is one: the bounds (ram >= 1, disk >= 0, ...) apply to numbers only.
    validate({"flavor": values}, schema)
    check_name(values["name"])
    _check_description(values.get("description"))
    values["os-flavor-access:is_public"] = to_bool(values.get("os-flavor-access:is_public", True))
    return values


def _check_description(description) -> None:
    if description is not None and not printable(description):
        raise exceptions.ValidationError({"detail": (
            f"Invalid input for field/attribute description. Value: {description}. "
            "Only printable characters are allowed."
        )})
