"""POST /servers/{id}/action: one URL, one handler per action named by the body's single key.

Handlers are plain functions `(view, request, server_id, body) -> Response`, grouped by module and
gathered in one explicit registry; a module of other actions (resize, migrate...) adds its table.
"""
from rest_framework import exceptions

from instances.api.base import ServerAPIView
from instances.api.server_actions import admin, consoles, power, rebuild
from openstack_api.views import AnyAcceptNegotiation

HANDLERS = {**power.HANDLERS, **rebuild.HANDLERS, **admin.HANDLERS, **consoles.HANDLERS}


class ServerActionView(ServerAPIView):
    # openstacksdk posts every action with an empty `Accept:`, which Nova (JSON only) takes as anything.
    content_negotiation_class = AnyAcceptNegotiation

    def post(self, request, server_id):
        body = request.data
        # Nova's action_peek and its KeyError: exactly one key, and one it knows.
        if not isinstance(body, dict) or len(body) != 1:
            raise exceptions.ValidationError({"detail": "Malformed message body: too many body keys"})
        (name,) = body
        handler = HANDLERS.get(name)
        if handler is None:
            raise exceptions.ValidationError({"detail": f"There is no such action: {name}"})
        return handler(self, request, server_id, body)
