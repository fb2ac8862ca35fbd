"""Consoles of a real QEMU guest (qemu:///system) through the whole node, the console proxy included.

Every process is real: the agent on this machine's libvirtd boots the test guest from the Image
API, reports its VNC port, and `nova-novncproxy` (`manage.py novncproxy`, websockify) on a free port
resolves tokens against the test database. The test gets a URL with the unmodified `openstack`
CLI, speaks RFB through the proxy's WebSocket, checks the refusals, and opens the URL in headless
Chromium, whose screenshot is kept under the test artifacts.
"""
import json
import sys
from contextlib import contextmanager, suppress
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import requests
import websocket
from django.utils import timezone

from consoles.models import ConsoleAuthToken, ConsoleEndpoint
from flavors.services import ensure_defaults
from hostagent.virt.libvirt.driver import LibvirtDriver
from hosts.models import ComputeNode
from tests.conftest import APIClient
from tests.e2e.browser import Browser
from tests.e2e.conftest import ARTIFACTS, free_port, openstack_cli, start_api, wait_until
from tests.e2e.rfb import RFBClient
from tests.e2e.test_boot_path import PLACEMENT, boot, server
from tests.guest.conftest import guest_image  # noqa: F401
from tests.hostagent.test_real_guest import upload

pytestmark = pytest.mark.e2e
VERSION = "2.96"
# noVNC reads the canvas pixels this counts: a screen that shows anything has non-black ones.
LIT_PIXELS = """(() => {
  const canvas = document.querySelector('canvas');
  if (!canvas || !canvas.width) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let lit = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] || data[i + 1] || data[i + 2]) lit++;
  return lit;
})()"""


@pytest.fixture
def cloud(processes, node_env, agent_env, guest_image, host_name, tmp_path, settings):  # noqa: F811
    """The whole node with a real agent on qemu:///system and the console proxy; a real guest booted."""
    proxy_port = free_port()
    node_env.update({"XCOMPUTE_NOVNCPROXY_PORT": str(proxy_port), "XCOMPUTE_NOVNCPROXY_HOST": "127.0.0.1"})
    settings.XCOMPUTE_NOVNCPROXY_BASE_URL = f"http://127.0.0.1:{proxy_port}/vnc_lite.html"
    # QEMU runs as its own user: the instances live under the checkout's var/, not pytest's private /tmp.
    instances = settings.VAR_DIR / "test-instances"
    instances.mkdir(parents=True, exist_ok=True)
    instances.chmod(0o755)
    urls = start_node(processes, node_env, agent_env, instances)
    node = wait_until(lambda: ComputeNode.objects.filter(host=host_name).first(), timeout=90, what="the compute node")
    wait_until(lambda: requests.get(f"{urls['placement']}/resource_providers/{node.uuid}/inventories",
                                    headers=PLACEMENT, timeout=5).json().get("inventories"), what="the node's inventory")
    ensure_defaults()
    api = APIClient()
    with real_guest(api, upload(urls["image"], guest_image.path("disk.qcow2")), instances) as server_id:
        yield {"api": api, "server": server_id, "proxy": f"127.0.0.1:{proxy_port}", "processes": processes,
               "openstack": openstack_cli(tmp_path, {"compute": f"{urls['compute']}/v2.1",
                                                     "placement": urls["placement"], "image": urls["image"]})}


def start_node(processes, node_env, agent_env, instances) -> dict:
    """Placement, Image and Compute APIs, conductor, scheduler, the console proxy and a real agent; their URLs."""
    urls = {"placement": start_api(processes, node_env, "placement", "placement-api")}
    node_env["XCOMPUTE_PLACEMENT_URL"] = urls["placement"]
    node_env["XCOMPUTE_API_THREADS"] = "2"
    urls["image"] = start_api(processes, node_env, "image", "glance-api")
    urls["compute"] = start_api(processes, node_env, "compute", "nova-api")
    for binary in ("nova-conductor", "nova-scheduler"):
        processes.start(binary, [sys.executable, "manage.py", "worker", binary, "--pool", "solo"], node_env)
    processes.start("nova-novncproxy", [sys.executable, "manage.py", "novncproxy"], node_env)
    processes.start("nova-compute", [sys.executable, "-m", "hostagent"], {
        **agent_env, "XCOMPUTE_LIBVIRT_URI": "qemu:///system", "XCOMPUTE_INSTANCES_PATH": str(instances),
        # Software emulation outright: trying KVM where QEMU cannot open it costs minutes on a busy host.
        "XCOMPUTE_LIBVIRT_VIRT_TYPE": "qemu", "XCOMPUTE_IMAGE_URL": urls["image"]})
    return urls


@contextmanager
def real_guest(api, image_id: str, instances):
    """A server booted from the test guest, ACTIVE with its VNC endpoint reported; afterwards deleted, and
    its domain removed from libvirtd even if the test or the boot failed half-way."""
    server_id = None
    try:
        server_id = boot(api, SimpleNamespace(id=image_id), name="console-guest")
        wait_until(lambda: server(api, server_id)["status"] in ("ACTIVE", "ERROR"), timeout=600,
                   what="the guest to boot")
        assert server(api, server_id)["status"] == "ACTIVE", server(api, server_id).get("fault")
        wait_until(lambda: ConsoleEndpoint.objects.filter(instance_uuid=server_id).exists(), what="the VNC endpoint")
        yield server_id
    finally:
        if server_id is not None:
            api.delete(f"/v2.1/servers/{server_id}", version=VERSION)
            with suppress(AssertionError):
                wait_until(lambda: api.get(f"/v2.1/servers/{server_id}", version=VERSION).status_code == 404,
                           timeout=60, what="the guest to be deleted")
            driver = LibvirtDriver("qemu:///system", str(instances))
            driver.destroy(server_id)
            driver.close()


def websocket_url(console_url: str) -> str:
    """Where noVNC connects for Nova's URL: the proxy's root, with the `path` (`?token=...`) appended."""
    parts = urlsplit(console_url)
    (path,) = parse_qs(parts.query)["path"]
    return f"ws://{parts.netloc}/{unquote(path)}"


def refused(url: str, origin: str) -> int:
    with pytest.raises(websocket.WebSocketBadStatusException) as caught:
        RFBClient(url, origin).close()
    return caught.value.status_code


def test_a_console_url_from_the_cli_shows_the_guests_screen_through_the_proxy_and_the_refusals_hold(
        cloud, tmp_path):
    # given a real guest and the URL `openstack console url show` prints for it
    shown = json.loads(cloud["openstack"]("console", "url", "show", "console-guest", "-f", "json"))
    assert shown["type"] == "novnc" and shown["protocol"] == "vnc"
    assert shown["url"].startswith(f"http://{cloud['proxy']}/vnc_lite.html?path=%3Ftoken%3D")
    url, origin = websocket_url(shown["url"]), f"http://{cloud['proxy']}"

    # when a client speaks RFB through the proxy, then the guest's VNC server answers with its screen
    client = RFBClient(url, origin)
    try:
        init = client.handshake()
        assert init["version"].startswith("RFB 003.") and init["width"] > 0 and init["height"] > 0
        rectangles = client.framebuffer_update(init["width"], init["height"])
        assert rectangles and all(w > 0 and h > 0 for _, _, w, h, _ in rectangles)
    finally:
        client.close()

    # and the proxy serves the pinned noVNC page the URL names, which shows the screen in a browser
    page = requests.get(shown["url"], timeout=10)
    assert page.status_code == 200 and "noVNC" in page.text
    lit, status = open_in_chromium(shown["url"], tmp_path)
    assert lit > 100 and "Connected" in (status or ""), status

    # and a wrong Origin, a forged token and an expired token are refused with a 403
    assert refused(url, "http://evil.example") == 403
    assert refused(f"ws://{cloud['proxy']}/?token=forged", origin) == 403
    expiring = websocket_url(cloud["openstack"]("console", "url", "show", "console-guest", "-f", "value",
                                                 "-c", "url").strip())
    ConsoleAuthToken.objects.filter(pk=ConsoleAuthToken.objects.order_by("-id").first().pk).update(
        expires_at=timezone.now() - timedelta(seconds=1))
    assert refused(expiring, origin) == 403

    # and once the server is deleted, its earlier token is refused too
    assert cloud["api"].delete(f"/v2.1/servers/{cloud['server']}", version=VERSION).status_code == 204
    assert refused(url, origin) == 403
    # and the proxy logged each connection and refusal with its request id
    log = cloud["processes"].log("nova-novncproxy")
    assert log.count("console connection from 127.0.0.1 accepted") >= 2  # the RFB client and the browser
    refusals = [line for line in log.splitlines() if "refused:" in line]
    assert len(refusals) == 4 and all("[req-" in line for line in refusals), refusals
    assert "is not allowed" in refusals[0] and all("unknown or expired token" in line for line in refusals[1:])


def open_in_chromium(url: str, tmp_path) -> tuple[int, str]:
    """Open the console URL in headless Chromium: the canvas' lit pixels and noVNC's status line, once the
    guest's screen shows; the screenshot goes to the test artifacts (test-artifacts/consoles/)."""
    artifacts = ARTIFACTS / "consoles"
    artifacts.mkdir(parents=True, exist_ok=True)
    (tmp_path / "chromium").mkdir()
    browser = Browser(tmp_path / "chromium", artifacts / "chromium.log")
    try:
        browser.open(url)
        lit = wait_until(lambda: browser.evaluate(LIT_PIXELS), timeout=120, interval=1,
                         what="noVNC's canvas to show the guest's screen")
        browser.screenshot(artifacts / "novnc-console.png")
        return lit, browser.evaluate("(document.getElementById('status') || {}).textContent")
    finally:
        browser.close()
