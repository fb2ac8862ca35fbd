"""os-aggregates: list, create, show, update, delete, and the add_host / remove_host / set_metadata actions.

Bodies as Nova renders them: `deleted` is always false (deleted aggregates are gone), `uuid` from
2.41, and the create answer without `hosts` and `metadata`. Admin-only by default.
"""
from rest_framework import exceptions
from rest_framework.response import Response

from hosts import aggregates as services
from hosts import policies
from hosts.api import aggregate_schemas as schemas
from hosts.api.serializers import nova_timestamp
from openstack_api.policy import authorize
from openstack_api.validation import check_name, validate
from openstack_api.views import ComputeAPIView

UUID_VERSION = "2.41"


def render(aggregate, version, *, with_members=True) -> dict:
    body = {"availability_zone": aggregate.availability_zone, "created_at": nova_timestamp(aggregate.created_at),
            "deleted": False, "deleted_at": None, "id": aggregate.id, "name": aggregate.name,
            "updated_at": nova_timestamp(aggregate.updated_at)}
    if with_members:
        body["hosts"] = services.hosts_of(aggregate)
        body["metadata"] = dict(aggregate.metadata)
    if version >= UUID_VERSION:
        body["uuid"] = str(aggregate.uuid)
    return body


class AggregateListView(ComputeAPIView):
    def get(self, request):
        authorize(self.context, policies.AGGREGATES % "index", {})
        aggregates = services.Aggregate.objects.prefetch_related("hosts")
        return Response({"aggregates": [render(aggregate, request.version) for aggregate in aggregates]})

    def post(self, request):
        authorize(self.context, policies.AGGREGATES % "create", {})
        body = validate(request.data, schemas.CREATE)["aggregate"]
        check_name(body["name"])
        aggregate = services.create(body["name"], body.get("availability_zone"))
        return Response({"aggregate": render(aggregate, request.version, with_members=False)})


class AggregateView(ComputeAPIView):
    def get(self, request, aggregate_id):
        authorize(self.context, policies.AGGREGATES % "show", {})
        return Response({"aggregate": render(services.get(aggregate_id), request.version)})

    def put(self, request, aggregate_id):
        authorize(self.context, policies.AGGREGATES % "update", {})
        body = validate(request.data, schemas.UPDATE)["aggregate"]
        if "name" in body:
            check_name(body["name"])
        aggregate = services.update(services.get(aggregate_id), body.get("name"),
                                    body.get("availability_zone", services.UNSET))
        return Response({"aggregate": render(services.get(aggregate.id), request.version)})

    def delete(self, request, aggregate_id):
        authorize(self.context, policies.AGGREGATES % "delete", {})
        services.delete(services.get(aggregate_id))
        return Response()  # Nova answers 200 with no body


class AggregateActionView(ComputeAPIView):
    ACTIONS = {"add_host": "add_host", "remove_host": "remove_host", "set_metadata": "set_metadata"}

    def post(self, request, aggregate_id):
        action = next(iter(request.data), None) if isinstance(request.data, dict) else None
        if action not in self.ACTIONS:
            raise exceptions.ValidationError({"detail": "Invalid input for field/attribute body. Value: "
                                                        f"{request.data}. Unknown aggregate action"})
        authorize(self.context, policies.AGGREGATES % action, {})
        body = validate(request.data, schemas.ACTIONS[action])[action]
        aggregate = services.get(aggregate_id)
        if action == "set_metadata":
            aggregate = services.set_metadata(aggregate, body["metadata"])
        else:
            aggregate = getattr(services, action)(aggregate, body["host"])
        return Response({"aggregate": render(aggregate, request.version)})
