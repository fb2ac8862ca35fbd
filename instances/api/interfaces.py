"""/servers/{id}/os-interface and /servers/{id}/os-interface/{port_id}: a server's port interfaces."""

from django.db.models import Prefetch
from rest_framework import exceptions
from rest_framework.response import Response

from instances import interfaces, policies
from instances.api.base import ServerAPIView
from networks.models import IPAllocation, Port
from openstack_api.validation import as_uuid, validate

TAG_VERSION = "2.70"
FIXED_IPS = {"type": "array", "maxItems": 1, "items": {
    "type": "object", "properties": {"ip_address": {"type": "string"}}, "required": ["ip_address"],
    "additionalProperties": False}}
CREATE = {"type": "object", "required": ["interfaceAttachment"], "additionalProperties": False, "properties": {
    "interfaceAttachment": {"type": "object", "additionalProperties": False, "properties": {
        "port_id": {"type": "string", "format": "uuid"}, "net_id": {"type": "string", "format": "uuid"},
        "fixed_ips": FIXED_IPS, "tag": {"type": "string", "maxLength": 60}}}}}


def _attachment(port: Port, version) -> dict:
    body = {"port_state": port.status, "port_id": str(port.id), "net_id": str(port.network_id),
            "mac_addr": port.mac_address,
            "fixed_ips": [{"subnet_id": str(ip.subnet_id), "ip_address": ip.ip_address} for ip in port.fixed_ips.all()]}
    if version >= TAG_VERSION:
        body["tag"] = None
    return body


def _ports(instance):
    return Port.objects.filter(device_id=str(instance.uuid)).order_by("created_at", "id").prefetch_related(
        Prefetch("fixed_ips", queryset=IPAllocation.objects.order_by("id")))


class InterfaceListView(ServerAPIView):
    def get(self, request, server_id):
        instance = self.server(server_id, policies.INTERFACES % "list")
        return Response({"interfaceAttachments": [_attachment(port, request.version) for port in _ports(instance)]})

    def post(self, request, server_id):
        body = validate(request.data, CREATE)["interfaceAttachment"] if request.data else {}
        if body.get("port_id") and body.get("net_id"):
            raise exceptions.ValidationError({"detail": "Must not input both network_id and port_id"})
        if body.get("fixed_ips") and not body.get("net_id"):
            raise exceptions.ValidationError({"detail": "Must input network_id when request IP address"})
        instance = self.server(server_id, policies.INTERFACES % "create")
        vif = interfaces.attach(self.context, instance, port_id=body.get("port_id"), net_id=body.get("net_id"),
                                fixed_ip=(body.get("fixed_ips") or [{}])[0].get("ip_address"))
        port = _ports(instance).get(pk=vif["port_id"])
        return Response({"interfaceAttachment": _attachment(port, request.version)})


class InterfaceView(ServerAPIView):
    def get(self, request, server_id, port_id):
        instance = self.server(server_id, policies.INTERFACES % "show")
        port = _ports(instance).filter(pk=as_uuid(port_id)).first()
        if port is None:
            raise exceptions.NotFound(f"Port {port_id} is not attached")
        return Response({"interfaceAttachment": _attachment(port, request.version)})

    def delete(self, request, server_id, port_id):
        instance = self.server(server_id, policies.INTERFACES % "delete")
        interfaces.detach(self.context, instance, port_id)
        return Response(status=202)


