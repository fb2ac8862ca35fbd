"""os-services: the 2.1 form (integer ids, action URLs) and the 2.53 form (UUID ids)."""
import uuid

from rest_framework import exceptions, status
from rest_framework.response import Response

from hosts import health, services
from hosts.api import schemas
from hosts.api.serializers import ServiceSerializer
from hosts.models import Service
from openstack_api.policy import authorize
from openstack_api.validation import to_bool, validate
from openstack_api.views import ComputeAPIView

LEGACY_ACTIONS = {"enable", "disable", "disable-log-reason"}


def _render(request, service):
    context = {"version": request.version, "now": health.clock()}
    return ServiceSerializer(service, context=context).data


class ServiceListView(ComputeAPIView):
    def get(self, request):
        authorize(self.context, "os_compute_api:os-services:list")
        queryset = Service.objects.all()
        for field in ("host", "binary"):
            if request.query_params.get(field):
                queryset = queryset.filter(**{field: request.query_params[field]})
        context = {"version": request.version, "now": health.clock()}
        return Response({"services": ServiceSerializer(queryset, many=True, context=context).data})


class ServiceDetailView(ComputeAPIView):
    def put(self, request, service_id):
        authorize(self.context, "os_compute_api:os-services:update")
        if request.version >= "2.53":
            return self._update_by_id(request, service_id)
        return self._update_by_action(request, service_id)

    def delete(self, request, service_id):
        authorize(self.context, "os_compute_api:os-services:delete")
        services.delete(self._lookup(request, service_id))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _lookup(self, request, service_id) -> Service:
        if request.version >= "2.53":
            try:
                key = {"uuid": uuid.UUID(service_id)}
            except ValueError:
                raise exceptions.ValidationError({"detail": f"Invalid uuid {service_id}"}) from None
        elif service_id.isdigit():
            key = {"id": int(service_id)}
        else:
            raise exceptions.NotFound(f"Service {service_id} not found.")
        try:
            return Service.objects.get(**key)
        except Service.DoesNotExist:
            raise exceptions.NotFound(f"Service {service_id} not found.") from None

    def _update_by_id(self, request, service_id):
        body = validate(request.data, schemas.SERVICE_UPDATE_V253)
        service = self._lookup(request, service_id)
        if "status" not in body and "forced_down" not in body:
            raise exceptions.ValidationError(
                {"detail": "No updates were requested. Fields 'status' or 'forced_down' should be specified."}
            )
        if "disabled_reason" in body and body.get("status") != "disabled":
            raise exceptions.ValidationError(
                {"detail": "Specifying 'disabled_reason' with status 'enabled' is invalid."}
            )
        if "status" in body:
            services.set_disabled(service, body["status"] == "disabled", body.get("disabled_reason"))
        if "forced_down" in body:
            services.set_forced_down(service, to_bool(body["forced_down"]))
        return Response({"service": _render(request, service)})

    def _update_by_action(self, request, action):
        allows_force_down = request.version >= "2.11"
        if action not in LEGACY_ACTIONS and not (allows_force_down and action == "force-down"):
            raise exceptions.NotFound("Unknown action")
        body = validate(request.data, schemas.SERVICE_UPDATE_V211 if allows_force_down else schemas.SERVICE_UPDATE)
        service = services.get_by_host_and_binary(body["host"], body["binary"])
        result = {"host": service.host, "binary": service.binary}
        if action == "force-down":
            if "forced_down" not in body:
                raise exceptions.ValidationError({"detail": "Missing forced_down field"})
            services.set_forced_down(service, to_bool(body["forced_down"]))
            result["forced_down"] = service.forced_down
        elif action == "enable":
            services.set_disabled(service, False)
            result["status"] = "enabled"
        else:
            if action == "disable-log-reason" and "disabled_reason" not in body:
                raise exceptions.ValidationError({"detail": "Missing disabled reason field"})
            reason = body.get("disabled_reason") if action == "disable-log-reason" else None
            services.set_disabled(service, True, reason)
            result["status"] = "disabled"
            if reason:
                result["disabled_reason"] = reason
        return Response({"service": result})
