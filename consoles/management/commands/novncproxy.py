"""`manage.py novncproxy`: the nova-novncproxy on port 6080, serving noVNC and proxying its WebSockets."""
import logging
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from websockify.websocketproxy import WebSocketProxy

from consoles.proxy import ConsoleProxyRequestHandler, DatabaseTokenPlugin
from hostagent.heartbeat import Heartbeat
from xcompute_site.celery import app
from xcompute_site.env import env, report_interval

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the noVNC console proxy (websockify) of this host."

    def handle(self, *args, **options):
        web = Path(env.str("XCOMPUTE_NOVNC_WEB_DIR", default="/usr/share/novnc"))
        if not (web / "vnc_lite.html").is_file():
            logger.warning("no noVNC in %s (XCOMPUTE_NOVNC_WEB_DIR): console URLs will not open a console page; "
                           "ops/install.sh installs Debian's novnc", web)
        host = env.str("XCOMPUTE_NOVNCPROXY_HOST", default="0.0.0.0")
        port = env.int("XCOMPUTE_NOVNCPROXY_PORT", default=6080)
        server = WebSocketProxy(
            RequestHandlerClass=ConsoleProxyRequestHandler,
            listen_host=host,
            listen_port=port,
            token_plugin=DatabaseTokenPlugin(),
            web=str(web) if web.is_dir() else None,
            file_only=True,
            daemon=False,
        )
        logger.info("console proxy listening on %s:%s, serving noVNC from %s", host, port, web)
        Heartbeat(app, settings.XCOMPUTE_HOST, "nova-novncproxy", report_interval()).start()
        server.start_server()
