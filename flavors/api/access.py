"""/flavors/{id}/os-flavor-access and the addTenantAccess / removeTenantAccess actions."""
from rest_framework import exceptions
from rest_framework.response import Response

from flavors import policies, services
from flavors.api import schemas, wire
from flavors.exceptions import Conflict
from flavors.services import access
from openstack_api.policy import authorize
from openstack_api.validation import validate
from openstack_api.views import ComputeAPIView

PUBLIC_CONFLICT_VERSION = "2.7"  # from here access to a public flavor is a 409, not a no-op row


class FlavorAccessView(ComputeAPIView):
    def get(self, request, flavor_id):
        authorize(self.context, policies.ACCESS)
        flavor = services.get_by_flavorid(flavor_id, self.context)
        if flavor.is_public:
            raise exceptions.NotFound("Access list not available for public flavors.")
        return Response(wire.access_list(flavor.flavorid, access.projects_of(flavor)))


class FlavorActionView(ComputeAPIView):
    """POST /flavors/{id}/action: the body's single key names the action."""

    def post(self, request, flavor_id):
        if not isinstance(request.data, dict) or not request.data:
            raise exceptions.ValidationError({"detail": "Malformed request body"})
        action = next(iter(request.data))
        handlers = {"addTenantAccess": self.add_tenant_access, "removeTenantAccess": self.remove_tenant_access}
        if action not in handlers:
            raise exceptions.ValidationError({"detail": f"There is no such action: {action}"})
        flavor = handlers[action](request, flavor_id)
        return Response(wire.access_list(flavor.flavorid, access.projects_of(flavor)))

    def add_tenant_access(self, request, flavor_id):
        authorize(self.context, policies.ACCESS + ":add_tenant_access")
        tenant = validate(request.data, schemas.ADD_TENANT_ACCESS)["addTenantAccess"]["tenant"]
        flavor = services.get_by_flavorid(flavor_id, self.context)
        if flavor.is_public and request.version >= PUBLIC_CONFLICT_VERSION:
            raise Conflict("Can not add access to a public flavor.")
        access.add(flavor, tenant)
        return flavor

    def remove_tenant_access(self, request, flavor_id):
        authorize(self.context, policies.ACCESS + ":remove_tenant_access")
        tenant = validate(request.data, schemas.REMOVE_TENANT_ACCESS)["removeTenantAccess"]["tenant"]
        flavor = services.get_by_flavorid(flavor_id, self.context)
        access.remove(flavor, tenant)
        return flavor
