"""Console URLs: which consoles exist, when an instance has one, and the tokenised URL to it."""
from urllib.parse import quote

from django.conf import settings

from consoles import endpoints, tokens
from consoles.exceptions import ConsoleTypeInvalid, ConsoleTypeUnavailable
from instances.choices import TaskState, VmState
from instances.exceptions import InstanceNotReady
from instances.models import Instance

# The console types of each protocol (Nova's); only noVNC is served here.
TYPES = {"vnc": ("novnc", "xvpvnc"), "spice": ("spice-html5",), "rdp": ("rdp-html5",), "serial": ("serial",),
         "mks": ("webmks",)}
SERVED = {("vnc", "novnc")}
# States in which the guest's QEMU runs, so its VNC server answers.
RUNNING_STATES = (VmState.ACTIVE, VmState.PAUSED, VmState.RESCUED, VmState.RESIZED)


def console_url(instance: Instance, protocol: str, console_type: str) -> str:
    """A new console URL for the instance: Nova's errors for wrong types and instances not running."""
    if console_type not in TYPES.get(protocol, ()):
        raise ConsoleTypeInvalid(console_type)
    if (protocol, console_type) not in SERVED:
        raise ConsoleTypeUnavailable(console_type)
    if instance.vm_state not in RUNNING_STATES or instance.task_state == TaskState.DELETING:
        raise InstanceNotReady(instance.uuid)
    endpoint = endpoints.of(instance)
    if endpoint is None:
        raise InstanceNotReady(instance.uuid)
    token = tokens.issue(instance_uuid=instance.uuid, compute_host=endpoint.compute_host, host=endpoint.address,
                         port=endpoint.port, ttl_seconds=settings.XCOMPUTE_CONSOLE_TOKEN_TTL,
                         console_type=console_type)
    return novnc_url(token)


def novnc_url(token: str) -> str:
    """Nova's noVNC URL: the proxy's page, told the WebSocket path that carries the token."""
    return f"{settings.XCOMPUTE_NOVNCPROXY_BASE_URL}?path={quote(f'?token={token}', safe='')}"
