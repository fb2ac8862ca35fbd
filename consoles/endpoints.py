"""The VNC endpoints of running guests: recorded on the agents' behalf, read when a console is asked for.

Why the agent reports and the API reads a row (rather than the API asking the host): libvirt's
autoport chooses a guest's VNC port when QEMU starts, so only the host can read it, from the live
domain XML. The API cannot ask the host and wait for the answer (the agents' queue carries no
replies, and an API request must not hang on a busy host), and the agent has no database. So the
agent reads the port each time it starts a guest and reports it to the conductor, which, as for
every other report, checks that the reporting host owns the instance and writes it here. A console
request then reads this row: it answers at once, and only for a guest that is running on its host.
"""
import logging

from consoles import tokens
from consoles.models import ConsoleEndpoint
from instances.models import Instance

logger = logging.getLogger(__name__)


def record(instance_uuid: str, host: str, address: str, port: int) -> bool:
    """Store the endpoint the instance's host reported; a report from another host is ignored."""
    if not Instance.objects.filter(uuid=instance_uuid, host=host, deleted_at__isnull=True).exists():
        logger.warning("ignoring the console endpoint of instance %s from %s, which does not own it",
                       instance_uuid, host)
        return False
    ConsoleEndpoint.objects.update_or_create(instance_uuid=instance_uuid, defaults={
        "compute_host": host, "address": address, "port": port})
    logger.info("instance %s: VNC console at %s:%s on %s", instance_uuid, address, port, host)
    return True


def of(instance: Instance) -> ConsoleEndpoint | None:
    """The endpoint the instance's current host reported, if any (one from a previous host is stale)."""
    if not instance.host:
        return None
    return ConsoleEndpoint.objects.filter(instance_uuid=instance.uuid, compute_host=instance.host).first()


def forget(instance_uuid: str) -> None:
    """A deleted instance has no console: its endpoint and every token issued for it go."""
    ConsoleEndpoint.objects.filter(instance_uuid=instance_uuid).delete()
    tokens.revoke(instance_uuid)
