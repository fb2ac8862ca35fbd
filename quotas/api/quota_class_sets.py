"""os-quota-class-sets: the quota classes (admins); `default` holds the defaults every project falls back to."""
from rest_framework import exceptions
from rest_framework.response import Response

from openstack_api.microversions import pick
from openstack_api.policy import authorize
from openstack_api.validation import validate
from openstack_api.views import ComputeAPIView
from quotas import limits, resources
from quotas.api import schemas
from quotas.policies import QUOTA_CLASS_SETS

MAX_NAME = 255


def render(version, values: dict) -> dict:
    return {name: values[name] for name in pick(resources.QUOTA_CLASS_SET, version)}


def _check_name(class_name: str) -> None:
    if len(class_name) > MAX_NAME:
        raise exceptions.ValidationError({"detail": (
            f"quota_class_name has {len(class_name)} characters, more than {MAX_NAME}.")})


class QuotaClassSetView(ComputeAPIView):
    """GET and PUT /os-quota-class-sets/{class_name}."""

    def get(self, request, class_name):
        authorize(self.context, QUOTA_CLASS_SETS % "show")
        _check_name(class_name)
        return Response({"quota_class_set": {"id": class_name,
                                             **render(request.version, limits.class_limits(class_name))}})

    def put(self, request, class_name):
        authorize(self.context, QUOTA_CLASS_SETS % "update")
        _check_name(class_name)
        body = validate(request.data, schemas.quota_class_set_update(request.version))["quota_class_set"]
        # `networks` was nova-network's: accepted before 2.50 and, as in Nova today, not a resource.
        values = {name: int(value) for name, value in body.items() if name in resources.names()}
        limits.set_class(class_name, values)
        return Response({"quota_class_set": render(request.version, limits.class_limits(class_name))})
