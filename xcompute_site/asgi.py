"""ASGI entry point of the dashboard (port 8000): its pages over HTTP, its live updates over WebSocket.

The APIs stay on gunicorn's WSGI workers (xcompute_site.wsgi); only the dashboard needs WebSockets.
"""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xcompute_site.settings")
# Django must be set up before the routing imports consumers (and through them the models).
http_application = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from dashboard.live.routing import websocket_application  # noqa: E402

application = ProtocolTypeRouter({"http": http_application, "websocket": websocket_application()})
