"""POST /servers/{id}/remote-consoles (2.6+) and the legacy os-getVNCConsole server action (2.1-2.5)."""
from rest_framework import exceptions
from rest_framework.response import Response

from consoles import policies, services
from consoles.api import schemas
from instances.api.base import ServerAPIView
from openstack_api.validation import validate

REMOTE_CONSOLES_VERSION = "2.6"


class RemoteConsolesView(ServerAPIView):
    def post(self, request, server_id):
        if request.version < REMOTE_CONSOLES_VERSION:
            raise exceptions.NotFound("The resource could not be found.")
        body = validate(request.data, schemas.remote_console(request.version))["remote_console"]
        instance = self.server(server_id, policies.REMOTE_CONSOLES)
        url = services.console_url(instance, body["protocol"], body["type"])
        return Response({"remote_console": {"protocol": body["protocol"], "type": body["type"], "url": url}})


def get_vnc_console(view: ServerAPIView, request, server_id: str) -> Response:
    """The `os-getVNCConsole` server action: a noVNC URL, as `{"console": {"type", "url"}}`."""
    console_type = validate(request.data, schemas.GET_VNC_CONSOLE)["os-getVNCConsole"]["type"]
    instance = view.server(server_id, policies.REMOTE_CONSOLES)
    return Response({"console": {"type": console_type, "url": services.console_url(instance, "vnc", console_type)}})
