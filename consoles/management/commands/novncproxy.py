"""`manage.py novncproxy`: the nova-novncproxy on port 6080."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from websockify.websocketproxy import WebSocketProxy

from consoles.proxy import DatabaseTokenPlugin
from hostagent.heartbeat import Heartbeat
from xcompute_site.celery import app
from xcompute_site.env import env, report_interval


class Command(BaseCommand):
    help = "Run the noVNC console proxy (websockify) of this host."

    def handle(self, *args, **options):
        web = env.str("XCOMPUTE_NOVNC_WEB_DIR", default="/usr/share/novnc")
        server = WebSocketProxy(
            listen_host=env.str("XCOMPUTE_NOVNCPROXY_HOST", default="0.0.0.0"),
            listen_port=env.int("XCOMPUTE_NOVNCPROXY_PORT", default=6080),
            token_plugin=DatabaseTokenPlugin(),
            web=web if Path(web).is_dir() else None,
            file_only=True,
            daemon=False,
        )
        Heartbeat(app, settings.XCOMPUTE_HOST, "nova-novncproxy", report_interval()).start()
        server.start_server()
