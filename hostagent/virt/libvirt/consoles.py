"""Reading a guest's VNC endpoint from its live domain XML (libvirt fills in the autoport it chose)."""
from xml.etree import ElementTree

from hostagent.virt.types import VncEndpoint


def vnc_endpoint(live_xml: str) -> VncEndpoint | None:
    """The VNC graphics' listen address and port; None without VNC graphics or before QEMU runs (port -1)."""
    graphics = ElementTree.fromstring(live_xml).find("./devices/graphics[@type='vnc']")
    if graphics is None:
        return None
    port = int(graphics.get("port", "-1"))
    if port <= 0:
        return None
    listen = graphics.get("listen")
    if listen is None:
        element = graphics.find("./listen[@type='address']")
        listen = element.get("address") if element is not None else None
    return VncEndpoint(listen=listen or "127.0.0.1", port=port)
