"""The nova-novncproxy: websockify, with tokens resolved against the database."""
import logging

from django.db import close_old_connections
from websockify.token_plugins import BasePlugin

from consoles import tokens

logger = logging.getLogger(__name__)


class DatabaseTokenPlugin(BasePlugin):
    """websockify token plugin: the target is the console endpoint a live token is bound to."""

    def __init__(self, src=None):
        super().__init__(src)

    def lookup(self, token):
        close_old_connections()
        row = tokens.resolve(token)
        if row is None:
            logger.warning("console connection refused: unknown or expired token")
            return None
        logger.info("console connection for instance %s to %s:%s", row.instance_uuid, row.host, row.port)
        return [row.host, str(row.port)]
