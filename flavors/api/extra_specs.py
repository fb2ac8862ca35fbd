"""/flavors/{id}/os-extra_specs: list, create or update, show, update one key, delete one key."""
from rest_framework import exceptions
from rest_framework.response import Response

from flavors import extra_spec_rules, policies, services
from flavors.api import schemas
from flavors.exceptions import extra_spec_not_found
from openstack_api.policy import authorize
from openstack_api.validation import validate
from openstack_api.views import ComputeAPIView

VALIDATION_VERSION = "2.86"  # from here keys and values of known namespaces are checked


def _check_values(request, specs: dict) -> None:
    for key, value in specs.items():
        # JSON schema bounds only strings' length; a number's text must fit the column too.
        if isinstance(value, int | float) and len(str(value)) > 255:
            raise exceptions.ValidationError({"detail": "extra_specs value has more than 255 characters."})
        if request.version >= VALIDATION_VERSION:
            extra_spec_rules.validate(key, value)


class ExtraSpecListView(ComputeAPIView):
    def get(self, request, flavor_id):
        authorize(self.context, policies.EXTRA_SPECS % "index")
        flavor = services.get_by_flavorid(flavor_id, self.context, with_extra_specs=True)
        return Response({"extra_specs": services.extra_specs_of(flavor)})

    def post(self, request, flavor_id):
        """Create or overwrite the given keys; Nova answers 200 with the request body."""
        authorize(self.context, policies.EXTRA_SPECS % "create")
        body = validate(request.data, schemas.EXTRA_SPECS_CREATE)
        _check_values(request, body["extra_specs"])
        flavor = services.get_by_flavorid(flavor_id, self.context)
        services.set_extra_specs(flavor, body["extra_specs"])
        return Response(body)


class ExtraSpecView(ComputeAPIView):
    def get(self, request, flavor_id, key):
        authorize(self.context, policies.EXTRA_SPECS % "show")
        specs = services.extra_specs_of(services.get_by_flavorid(flavor_id, self.context, with_extra_specs=True))
        if key not in specs:
            raise extra_spec_not_found(flavor_id, key)
        return Response({key: specs[key]})

    def put(self, request, flavor_id, key):
        authorize(self.context, policies.EXTRA_SPECS % "update")
        body = validate(request.data, schemas.EXTRA_SPEC_UPDATE)
        _check_values(request, body)
        if key not in body:
            raise exceptions.ValidationError({"detail": "Request body and URI mismatch"})
        flavor = services.get_by_flavorid(flavor_id, self.context)
        services.set_extra_specs(flavor, body)
        return Response(body)

    def delete(self, request, flavor_id, key):
        """Nova answers 200 with an empty body."""
        authorize(self.context, policies.EXTRA_SPECS % "delete")
        services.delete_extra_spec(services.get_by_flavorid(flavor_id, self.context), key)
        return Response()
