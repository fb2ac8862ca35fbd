"""The nova-novncproxy: websockify, with tokens resolved against the database."""
import logging

from websockify.token_plugins import BasePlugin

from consoles import tokens

logger = logging.getLogger(__name__)


class DatabaseTokenPlugin(BasePlugin):
    """websockify token plugin: the target is the console endpoint a live token is bound to."""

    def __init__(self, src=None):
        super().__init__(src)

    def lookup(self, token):
        # websockify forks a child per connection and looks the token up there; the parent never
        # opens a database connection, so each child starts with (and exits with) its own.
        row = tokens.resolve(token)
        if row is None:
            logger.warning("console connection refused: unknown or expired token")
            return None
        logger.info("console connection for instance %s to %s:%s", row.instance_uuid, row.host, row.port)
        return [row.host, str(row.port)]
