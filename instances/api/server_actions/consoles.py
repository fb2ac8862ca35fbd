"""os-getVNCConsole: the legacy console action (2.1 to 2.5; remote-consoles replaced it in 2.6)."""
from rest_framework import exceptions

from consoles.api.views import get_vnc_console

LAST_VERSION = "2.5"


def vnc_console(view, request, server_id, body):
    if request.version > LAST_VERSION:  # Nova's versioned action: gone, so the resource is not found
        raise exceptions.NotFound("The resource could not be found.")
    return get_vnc_console(view, request, server_id)


HANDLERS = {"os-getVNCConsole": vnc_console}
