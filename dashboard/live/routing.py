"""The dashboard's WebSocket endpoints, behind the session and a same-origin check."""
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.security.websocket import WebsocketDenier
from django.urls import path

from consoles.origins import refusal
from dashboard.live.consumers import LiveUpdatesConsumer

PATH = "live/"
websocket_urlpatterns = [path(PATH, LiveUpdatesConsumer.as_asgi())]


class SameOrigin:
    """Refuse a browser's WebSocket opened from another site's page (cross-site WebSocket hijacking):
    the session cookie goes with it, so only the dashboard's own origin may connect."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        headers = dict(scope.get("headers", ()))
        origin, host = headers.get(b"origin"), headers.get(b"host")
        if refusal(origin.decode("latin-1") if origin else None, host.decode("latin-1") if host else None, []):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)


def websocket_application():
    return SameOrigin(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
