"""/v2.0/quotas/{project_id}: a project's network limits (Neutron's `quota` body)."""
from rest_framework import status
from rest_framework.response import Response

from networks import quotas
from networks.services import access
from networks.services.attributes import integer, resource_body
from openstack_api.views import NetworkAPIView

SETTABLE = {name: integer(name, -1) for name in quotas.RESOURCES}


class QuotaView(NetworkAPIView):
    def get(self, request, project_id):
        access.enforce(self.context, "get_quota", project_id)
        return Response({"quota": quotas.limits(project_id)})

    def put(self, request, project_id):
        access.enforce(self.context, "update_quota", project_id)
        return Response({"quota": quotas.set_limits(project_id, resource_body(request.data, "quota", SETTABLE,
                                                                              "PUT"))})

    def delete(self, request, project_id):
        access.enforce(self.context, "update_quota", project_id)
        quotas.reset(project_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class QuotaDefaultView(NetworkAPIView):
    def get(self, request, project_id):
        access.enforce(self.context, "get_quota", project_id)
        return Response({"quota": quotas.defaults()})



