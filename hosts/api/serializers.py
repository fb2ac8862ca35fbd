"""How a service is rendered at each microversion."""
from rest_framework import serializers

from hosts import availability_zones, health


def zone_of(service, zones: dict[str, str]) -> str:
    """Compute services live in their aggregate's zone or the default one; the rest in the internal zone."""
    return availability_zones.zone_of_service(service, zones)


def nova_timestamp(value):
    """Nova's naive ISO format with microseconds, e.g. 2012-10-29T13:42:02.000000."""
    return value.replace(tzinfo=None).isoformat(timespec="microseconds") if value else None


class ServiceSerializer(serializers.Serializer):
    """Explicit fields of a service; `id` is the UUID from 2.53, `forced_down` appears from 2.11."""

    id = serializers.SerializerMethodField()
    binary = serializers.CharField()
    host = serializers.CharField()
    zone = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()
    updated_at = serializers.SerializerMethodField()
    disabled_reason = serializers.CharField(allow_null=True)
    forced_down = serializers.BooleanField()

    def get_id(self, service):
        return str(service.uuid) if self.context["version"] >= "2.53" else service.id

    def get_zone(self, service):
        if "zones" not in self.context:  # one query per rendering, not per service
            self.context["zones"] = availability_zones.zones_of_hosts()
        return zone_of(service, self.context["zones"])

    def get_status(self, service):
        return "disabled" if service.disabled else "enabled"

    def get_state(self, service):
        return health.state(service, self.context.get("now"))

    def get_updated_at(self, service):
        return nova_timestamp(service.updated_at)

    def to_representation(self, service):
        data = super().to_representation(service)
        if self.context["version"] < "2.11":
            del data["forced_down"]
        return data
