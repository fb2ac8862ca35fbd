"""Opening the hypervisor connection: the configured URI, else qemu:///system when libvirtd answers."""
import logging

import libvirt

logger = logging.getLogger(__name__)

SYSTEM_URI = "qemu:///system"
SIMULATED_URI = "test:///default"


def _quiet_errors(_ctx, _err):
    """libvirt prints every error to stderr by default; we log the ones we act on."""


libvirt.registerErrorHandler(_quiet_errors, None)


def choose_uri(configured: str) -> str:
    """`auto` picks the real hypervisor when libvirtd answers, else a simulated host."""
    if configured and configured != "auto":
        return configured
    try:
        libvirt.open(SYSTEM_URI).close()
        return SYSTEM_URI
    except libvirt.libvirtError as exc:
        logger.info("libvirtd at %s does not answer (%s); using simulated host %s", SYSTEM_URI, exc, SIMULATED_URI)
        return SIMULATED_URI


def open_connection(uri: str) -> "libvirt.virConnect":
    connection = libvirt.open(uri)
    logger.info("connected to %s (%s, hypervisor host %s)", uri, connection.getType(), connection.getHostname())
    return connection
