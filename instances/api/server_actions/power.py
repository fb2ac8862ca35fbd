"""os-stop, os-start, reboot, pause, unpause, suspend and resume: 202, the host does the rest."""
from rest_framework import status
from rest_framework.response import Response

from instances import policies
from instances.api.server_actions import schemas
from instances.services import server_actions
from openstack_api.validation import validate


def _operation(operation: str, rule: str):
    def handle(view, request, server_id, body):
        instance = view.server(server_id, rule)
        server_actions.begin(view.context, instance, operation)
        return Response(status=status.HTTP_202_ACCEPTED)

    return handle


def reboot(view, request, server_id, body):
    reboot_type = validate(body, schemas.REBOOT)["reboot"]["type"].upper()
    instance = view.server(server_id, policies.SERVERS % "reboot")
    server_actions.begin(view.context, instance, "reboot_hard" if reboot_type == "HARD" else "reboot")
    return Response(status=status.HTTP_202_ACCEPTED)


HANDLERS = {
    "os-stop": _operation("stop", policies.SERVERS % "stop"),
    "os-start": _operation("start", policies.SERVERS % "start"),
    "reboot": reboot,
    "pause": _operation("pause", policies.PAUSE % "pause"),
    "unpause": _operation("unpause", policies.PAUSE % "unpause"),
    "suspend": _operation("suspend", policies.SUSPEND % "suspend"),
    "resume": _operation("resume", policies.SUSPEND % "resume"),
}
