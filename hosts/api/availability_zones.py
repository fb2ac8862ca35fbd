"""os-availability-zone: the zones (everyone) and, for admins, each zone's hosts and their services."""
from rest_framework.response import Response

from hosts import availability_zones, policies
from hosts.api.serializers import nova_timestamp
from openstack_api.policy import authorize
from openstack_api.views import ComputeAPIView


class AvailabilityZoneListView(ComputeAPIView):
    """Zones of compute services, without their hosts; the internal zone is not listed (as in Nova)."""

    def get(self, request):
        authorize(self.context, policies.AVAILABILITY_ZONE % "list")
        zones = [{"zoneName": zone.name, "zoneState": {"available": zone.available}, "hosts": None}
                 for zone in availability_zones.describe(with_internal=False)]
        return Response({"availabilityZoneInfo": zones})


class AvailabilityZoneDetailView(ComputeAPIView):
    """Every zone, the internal one too, with each host's services: available (enabled and up) and active."""

    def get(self, request):
        authorize(self.context, policies.AVAILABILITY_ZONE % "detail", {})
        zones = []
        for zone in availability_zones.describe(with_internal=True):
            hosts = {host: {binary: {**state, "updated_at": nova_timestamp(state["updated_at"])}
                            for binary, state in services.items()} for host, services in zone.hosts.items()}
            zones.append({"zoneName": zone.name, "zoneState": {"available": zone.available},
                          "hosts": hosts if zone.available else None})
        return Response({"availabilityZoneInfo": zones})
