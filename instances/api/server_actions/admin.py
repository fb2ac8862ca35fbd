"""lock, unlock, os-resetState and os-getConsoleOutput: done by the API (the console log asked of the host)."""
import re

from rest_framework import status
from rest_framework.response import Response

from instances import policies
from instances.api.server_actions import schemas
from instances.services import server_actions
from openstack_api.validation import validate

LOCKED_REASON_VERSION = "2.73"
# Nova strips control characters but tab and newline from the log before answering.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f]")


def lock(view, request, server_id, body):
    reason = None
    if request.version >= LOCKED_REASON_VERSION:
        reason = (validate(body, schemas.LOCK_V273)["lock"] or {}).get("locked_reason")
    instance = view.server(server_id, policies.LOCK % "lock")
    server_actions.lock(view.context, instance, reason)
    return Response(status=status.HTTP_202_ACCEPTED)


def unlock(view, request, server_id, body):
    instance = view.server(server_id, policies.LOCK % "unlock")
    server_actions.unlock(view.context, instance)
    return Response(status=status.HTTP_202_ACCEPTED)


def reset_state(view, request, server_id, body):
    state = validate(body, schemas.RESET_STATE)["os-resetState"]["state"]
    instance = view.server(server_id, policies.RESET_STATE)
    server_actions.reset_state(view.context, instance, state)
    return Response(status=status.HTTP_202_ACCEPTED)


def console_output(view, request, server_id, body):
    length = validate(body, schemas.CONSOLE_OUTPUT)["os-getConsoleOutput"].get("length")
    instance = view.server(server_id, policies.CONSOLE_OUTPUT)
    output = server_actions.console_output(instance, None if length is None else int(length))
    return Response({"output": CONTROL_CHARACTERS.sub("", output)})


HANDLERS = {
    "lock": lock,
    "unlock": unlock,
    "os-resetState": reset_state,
    "os-getConsoleOutput": console_output,
}
