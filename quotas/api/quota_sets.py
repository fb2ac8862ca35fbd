"""os-quota-sets: a project's limits (show, detail with usage, defaults), set by admins, reverted by delete.

Per-user quotas (`user_id`) are not kept: a request naming a user is refused with a 400.
"""
from rest_framework import exceptions, status
from rest_framework.response import Response

from openstack_api.microversions import pick
from openstack_api.policy import authorize
from openstack_api.validation import to_bool, validate, validate_query
from openstack_api.views import ComputeAPIView
from quotas import limits, resources, usage
from quotas.api import schemas
from quotas.policies import QUOTA_SETS


def render(version, values: dict) -> dict:
    """The resources this version shows, with their values (limits, or detail's dicts)."""
    return {name: values[name] for name in pick(resources.QUOTA_SET, version)}


def minimum_message(resource: str, value: int, minimum: int) -> str:
    return (f"Quota limit {value} for {resource} must be greater than or equal to already used and "
            f"reserved {minimum}.")


class QuotaSetAPIView(ComputeAPIView):
    rule = "show"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        authorize(self.context, QUOTA_SETS % self.rule, {"project_id": kwargs["project_id"]})
        if self.rule == "defaults":
            return
        params = validate_query(request.query_params, schemas.quota_set_query(request.version))
        if params.get("user_id"):
            raise exceptions.ValidationError({"detail": "Per-user quotas are not supported."})


class QuotaSetView(QuotaSetAPIView):
    """GET (show), PUT (update, admins) and DELETE (back to the defaults, admins) /os-quota-sets/{project_id}."""

    def initial(self, request, *args, **kwargs):
        self.rule = {"PUT": "update", "DELETE": "delete"}.get(request.method, "show")
        super().initial(request, *args, **kwargs)

    def get(self, request, project_id):
        return Response({"quota_set": {"id": project_id, **render(request.version, limits.limits(project_id))}})

    def put(self, request, project_id):
        body = validate(request.data, schemas.quota_set_update(request.version))["quota_set"]
        if "networks" in body:
            raise exceptions.ValidationError({"detail": "The networks quota has been removed"})
        force = to_bool(body.pop("force", False))
        values = {name: int(value) for name, value in body.items() if value != ""}
        if not force:
            _check_not_below_usage(project_id, values)
        limits.set_project(project_id, values)
        return Response({"quota_set": render(request.version, limits.limits(project_id))})

    def delete(self, request, project_id):
        limits.reset_project(project_id)
        return Response(status=status.HTTP_202_ACCEPTED)


def _check_not_below_usage(project_id: str, values: dict[str, int]) -> None:
    """Nova refuses (400) a limit below what the project uses, unless `force`; -1 is never below."""
    if not any(value >= 0 for value in values.values()):
        return
    used = usage.in_use(project_id)
    for name, value in values.items():
        if 0 <= value < used.get(name, 0):
            raise exceptions.ValidationError({"detail": minimum_message(name, value, used[name])})


class QuotaSetDetailView(QuotaSetAPIView):
    """GET /os-quota-sets/{project_id}/detail: each limit with what is in use (reserved is always 0)."""

    rule = "detail"

    def get(self, request, project_id):
        found, used = limits.limits(project_id), usage.in_use(project_id)
        detail = {name: {"in_use": used[name], "limit": found[name], "reserved": 0} for name in found}
        return Response({"quota_set": {"id": project_id, **render(request.version, detail)}})


class QuotaSetDefaultsView(QuotaSetAPIView):
    """GET /os-quota-sets/{project_id}/defaults: the default quota class, whoever asks."""

    rule = "defaults"

    def get(self, request, project_id):
        return Response({"quota_set": {"id": project_id, **render(request.version, limits.class_limits())}})
