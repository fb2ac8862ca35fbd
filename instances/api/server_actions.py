"""POST /servers/{id}/action: one view, an explicit table of the actions it dispatches to.

The body names the action by its only key (`{"os-getVNCConsole": {...}}`). Each action is a
function `(view, request, server_id) -> Response` that validates the body, checks its policy and
does the work; an action outside its microversion range is a 404, as Nova's versioned actions are.
"""
from collections.abc import Callable
from dataclasses import dataclass

from rest_framework import exceptions

from consoles.api.views import get_vnc_console
from instances.api.base import ServerAPIView


@dataclass(frozen=True)
class Action:
    handler: Callable
    min_version: str | None = None
    max_version: str | None = None


ACTIONS = {
    "os-getVNCConsole": Action(get_vnc_console, max_version="2.5"),
}


class ServerActionView(ServerAPIView):
    def post(self, request, server_id):
        body = request.data
        names = [name for name in body if name in ACTIONS] if isinstance(body, dict) else []
        if not names:
            name = next(iter(body), "") if isinstance(body, dict) else ""
            raise exceptions.ValidationError({"detail": f"There is no such action: {name}"})
        action = ACTIONS[names[0]]
        if not request.version.matches(action.min_version, action.max_version):
            raise exceptions.NotFound("The resource could not be found.")
        return action.handler(self, request, server_id)
