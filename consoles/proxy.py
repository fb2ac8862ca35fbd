"""The nova-novncproxy: websockify, with tokens resolved against the database and Origins checked.

websockify serves each connection in a process of its own (forked), so a connection's request id
(stamped on every log line about it) and database connection are that process's alone; the parent
never opens a database connection.
"""
import logging
import re
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import connections
from websockify.token_plugins import BasePlugin
from websockify.websocketproxy import ProxyRequestHandler

from consoles import origins, tokens
from openstack_api import request_id

logger = logging.getLogger(__name__)
TOKEN_IN_TEXT = re.compile(r"(token=)[^&'\"\s]+")


def redact_tokens(text: str) -> str:
    """The text with every `token=<value>` masked: websockify logs request paths, and a token is a credential."""
    return TOKEN_IN_TEXT.sub(r"\1***", text)


class DatabaseTokenPlugin(BasePlugin):
    """websockify token plugin: the target is the console endpoint a live token is bound to."""

    def __init__(self, src=None):
        super().__init__(src)

    def lookup(self, token):
        row = tokens.resolve(token)
        if row is None:
            return None
        logger.info("console token of instance %s resolves to %s:%s on %s", row.instance_uuid, row.host, row.port,
                    row.compute_host)
        return [row.host, str(row.port)]


class ConsoleProxyRequestHandler(ProxyRequestHandler):
    """Checks the Origin and the token before the WebSocket upgrade; refusals get a 403 and a log line."""

    def validate_connection(self):
        request_id.bind(request_id.new_request_id())
        client = self.client_address[0] if self.client_address else "-"
        reason = origins.refusal(self.headers.get("Origin"), self.headers.get("Host"),
                                 settings.XCOMPUTE_CONSOLE_ALLOWED_ORIGINS)
        if reason is None:
            try:
                target = self.server.token_plugin.lookup(self.token())
            finally:
                connections.close_all()  # the database is not needed again for this connection
            reason = None if target else "unknown or expired token, or its instance is gone or moved"
        if reason is not None:
            logger.warning("console connection from %s refused: %s", client, reason)
            self.send_error(403, "Console connection refused", reason)
            raise self.server.EClose("")
        self.server.target_host, self.server.target_port = target
        logger.info("console connection from %s accepted, to %s:%s", client, *target)

    def log_message(self, format, *args):
        super().log_message("%s", redact_tokens(format % args))

    def token(self) -> str | None:
        """The token from the query (`?token=`, what noVNC's `path` carries) or a `token` cookie (older noVNC)."""
        values = parse_qs(urlsplit(self.path).query).get("token")
        if values:
            return values[0].strip()
        cookie = SimpleCookie(self.headers.get("Cookie", ""))
        return cookie["token"].value if "token" in cookie else None

    def new_websocket_client(self):
        try:
            super().new_websocket_client()
        finally:
            logger.info("console connection to %s:%s closed", self.server.target_host, self.server.target_port)
