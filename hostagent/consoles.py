"""The agent's side of consoles: after it starts a guest, report where its VNC server listens.

Only the host can know the port (libvirt's autoport picks it when QEMU starts), so the agent reads
it from the live domain and tells the conductor (`consoles.endpoints` says why it is done this way).
Call `report_console` after every start of a guest (build, power on, hard reboot, resume from a
managed save): a restarted QEMU may get another port.
"""
import logging

from xcompute_site.env import env

logger = logging.getLogger(__name__)

CONSOLE_ENDPOINT = "conductor.console_endpoint"
WILDCARDS = ("", "0.0.0.0", "::", "[::]")


def proxyclient_address(listen: str, configured: str = "") -> str:
    """The address the console proxy reaches the VNC server at (Nova's `server_proxyclient_address`):
    the configured one, else the listen address, else (listening everywhere) loopback."""
    if configured:
        return configured
    return "127.0.0.1" if listen in WILDCARDS else listen


def report_console(app, driver, host: str, instance_uuid: str) -> None:
    """Send the guest's VNC endpoint to the conductor; a guest without one (simulated hosts) sends nothing.

    Never raises: a console that cannot be read must not fail the operation that started the guest.
    """
    try:
        endpoint = driver.console_endpoint(instance_uuid)
    except Exception:
        logger.warning("could not read the VNC endpoint of %s on %s", instance_uuid, host, exc_info=True)
        return
    if endpoint is None:
        return
    address = proxyclient_address(endpoint.listen, env.str("XCOMPUTE_VNC_PROXYCLIENT_ADDRESS", default=""))
    app.send_task(CONSOLE_ENDPOINT, kwargs={"instance_uuid": instance_uuid, "host": host, "address": address,
                                            "port": endpoint.port})
