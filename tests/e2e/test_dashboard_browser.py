"""The operator's daily work in a real browser: headless Chromium against the whole node.

Every process is real and started as supervisord starts it: the dashboard under uvicorn (ASGI, live
updates over its WebSocket on the Redis channel layer), the APIs, conductor and scheduler, the
console proxy and an agent on this machine's libvirtd running the test guest under QEMU. The
browser signs in as an identity admin, launches an instance from the launch form, watches it turn
ACTIVE and then SHUTOFF without the page reloading, starts it again, opens its console (noVNC shows
the guest's screen), disables a host with a reason, and deletes the instance. Screenshots of each
step go to test-artifacts/dashboard/.
"""
import json
import shlex
import sys
from contextlib import suppress

import pytest
import requests

from consoles.models import ConsoleEndpoint
from flavors.services import ensure_defaults
from hostagent.virt.libvirt.driver import LibvirtDriver
from hosts.models import ComputeNode, Service
from identity import services as identity
from instances.models import Instance, InstanceAction
from node.supervisor import programs
from tests.e2e.browser import Browser
from tests.e2e.conftest import ARTIFACTS, free_port, wait_until
from tests.e2e.test_boot_path import PLACEMENT
from tests.e2e.test_consoles import LIT_PIXELS, start_node
from tests.guest.conftest import guest_image  # noqa: F401
from tests.hostagent.test_real_guest import upload

pytestmark = pytest.mark.e2e
PASSWORD = "operator-password-1"
SHOTS = ARTIFACTS / "dashboard"
# Set once per page load: still there later means the page was never reloaded.
MARK = "window.__xcomputeMark = window.__xcomputeMark || Math.random().toString(36).slice(2)"
# The page's mark once it has loaded, else null: one evaluation, so it cannot read one document's
# readyState and the next one's mark (a navigation can commit between two evaluations).
LOADED = f"document.readyState === 'complete' ? ({MARK}) : null"


@pytest.fixture
def node(processes, node_env, agent_env, guest_image, host_name, settings, monkeypatch):  # noqa: F811
    """The whole node with a real agent and the dashboard; the test guest uploaded; an identity admin."""
    proxy_port, dashboard_port = free_port(), free_port()
    node_env.update({"XCOMPUTE_NOVNCPROXY_PORT": str(proxy_port), "XCOMPUTE_NOVNCPROXY_HOST": "127.0.0.1",
                     "XCOMPUTE_DASHBOARD_PORT": str(dashboard_port), "XCOMPUTE_DASHBOARD_WORKERS": "1"})
    instances = settings.VAR_DIR / "test-instances"
    instances.mkdir(parents=True, exist_ok=True)
    instances.chmod(0o755)
    urls = start_node(processes, node_env, agent_env, instances)
    # The command supervisord would run, rendered with this node's port.
    monkeypatch.setenv("XCOMPUTE_DASHBOARD_PORT", str(dashboard_port))
    monkeypatch.setenv("XCOMPUTE_DASHBOARD_WORKERS", "1")
    command, extra_env = programs(sys.executable)["dashboard"]
    processes.start("dashboard", shlex.split(command), {**node_env, **extra_env})
    dashboard = f"http://127.0.0.1:{dashboard_port}"
    wait_until(lambda: _answers(f"{dashboard}/healthcheck"), timeout=60, what="the dashboard")
    compute_node = wait_until(lambda: ComputeNode.objects.filter(host=host_name).first(), timeout=90,
                              what="the compute node")
    wait_until(lambda: requests.get(f"{urls['placement']}/resource_providers/{compute_node.uuid}/inventories",
                                    headers=PLACEMENT, timeout=5).json().get("inventories"), what="the node's inventory")
    ensure_defaults()
    image_id = upload(urls["image"], guest_image.path("disk.qcow2"))
    identity.default_domain()
    identity.builtin_roles()
    admin_project = identity.project("admin")
    operator = identity.user("operator", PASSWORD, default_project=admin_project)
    identity.grant(operator, "admin", project=admin_project)
    yield {"url": dashboard, "image": image_id, "host": host_name}
    driver = LibvirtDriver("qemu:///system", str(instances))
    for instance in Instance.objects.filter(host=host_name):
        with suppress(Exception):
            driver.destroy(str(instance.uuid))
    driver.close()


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).ok
    except requests.ConnectionError:
        return False


class Page:
    """A tab of the browser, with the waits a test of a live page needs."""

    def __init__(self, browser, base: str):
        self.browser, self.base = browser, base

    def js(self, expression: str):
        return self.browser.evaluate(expression)

    def open(self, path: str) -> None:
        before = self.js(MARK)
        self.browser.open(self.base + path)
        self.loaded_after(before)

    def loaded_after(self, before: str, timeout: float = 60) -> None:
        """Wait until a document other than the one marked `before` has loaded completely."""
        wait_until(lambda: self.js(LOADED) not in (None, before), timeout=timeout, what="the next page to load")

    def submit(self, form_selector: str, button: str | None = None) -> None:
        """Submit like a click: the browser navigates, and the new page loads."""
        before = self.js(MARK)
        target = f"document.querySelector({json.dumps(button)})" if button else "null"
        self.js(f"document.querySelector({json.dumps(form_selector)}).requestSubmit({target})")
        self.loaded_after(before)

    def text(self, selector: str) -> str:
        return self.js(f"(document.querySelector({json.dumps(selector)}) || {{}}).textContent || ''").strip()

    def live(self) -> None:
        wait_until(lambda: self.js("document.getElementById('live-status').dataset.state") == "live",
                   timeout=30, what="the live-update socket")

    def shot(self, name: str) -> None:
        self.browser.screenshot(SHOTS / f"{name}.png")


def status_cell(uuid: str) -> str:
    return f'[data-live="instance:{uuid}:status"]'


def test_an_operator_runs_the_clouds_daily_work_from_the_browser(node, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("*.png"):
        old.unlink()
    (tmp_path / "chromium").mkdir()
    browser = Browser(tmp_path / "chromium", SHOTS / "chromium.log")
    page = Page(browser, node["url"])
    try:
        # Sign in as the identity admin.
        page.open("/login/?next=/")
        page.js(f"document.getElementById('id_username').value = 'operator';"
                f"document.getElementById('id_password').value = {json.dumps(PASSWORD)};")
        page.submit("#login-form")
        assert "Operator dashboard" in page.js("document.body.innerText")
        page.shot("01-signed-in")

        # Every host's capacity: the hypervisors with their bars and the cluster row.
        page.open("/hosts/computenode/")
        assert node["host"] in page.js("document.body.innerText") and page.text("#cluster-summary")
        page.shot("02-hypervisors")

        # Launch an instance from the form in a second tab, while the first watches the instance list:
        # the new row appears and turns ACTIVE there without that page reloading.
        page.open("/instances/instance/")
        page.live()
        watching_mark = page.js(MARK)
        work = Page(browser.new_tab(), node["url"])
        work.open("/instances/instance/launch/")
        work.js(f"""(() => {{
            const form = document.querySelector('#launch-form');
            form.querySelector('[name=name]').value = 'browser-vm';
            form.querySelector('[name=image]').value = {json.dumps(node['image'])};
            const flavor = form.querySelector('[name=flavor]');
            flavor.value = [...flavor.options].find(o => o.textContent.includes('m1.tiny')).value;
            form.querySelector('[name=network]').value = 'none';
        }})()""")
        work.shot("03-launch-form")
        work.submit("#launch-form")
        instance = wait_until(lambda: Instance.objects.filter(display_name="browser-vm").first(), what="the instance")
        uuid = str(instance.uuid)
        assert work.js("location.pathname") == f"/instances/instance/{instance.pk}/change/"
        wait_until(lambda: page.text(status_cell(uuid)) == "ACTIVE", timeout=600, interval=0.5,
                   what="the watching list to show the new instance ACTIVE")
        assert page.js(MARK) == watching_mark, "the watching page reloaded"
        assert int(page.js("document.body.dataset.liveEvents || 0")) >= 2  # created, then built
        page.shot("04-list-shows-active")
        work.live()
        wait_until(lambda: work.text(status_cell(uuid)) == "ACTIVE", timeout=60, what="the instance page")
        work.shot("05-instance-page")
        action = InstanceAction.objects.get(instance=instance, action="create")
        assert action.user_id == identity.User.objects.get(name="operator").id  # the operator is the actor

        # Stop it from the list; the list shows SHUTOFF live.
        page.open(f"/instances/instance/?q={uuid}")
        page.live()
        mark = page.js(MARK)
        stop = "[name=action]"
        page.js(f"document.querySelector('input.action-select[value=\"{instance.pk}\"]').checked = true;"
                f"document.querySelector({json.dumps(stop)}).value = 'stop';")
        page.submit("#changelist-form", "button[name=index]")
        page.live()
        mark = page.js(MARK)
        wait_until(lambda: page.text(status_cell(uuid)) == "SHUTOFF", timeout=180, interval=0.5,
                   what="the list to show SHUTOFF")
        assert page.js(MARK) == mark
        page.shot("06-stopped")

        # Start it again.
        page.js(f"document.querySelector('input.action-select[value=\"{instance.pk}\"]').checked = true;"
                f"document.querySelector({json.dumps(stop)}).value = 'start';")
        page.submit("#changelist-form", "button[name=index]")
        page.live()
        wait_until(lambda: page.text(status_cell(uuid)) == "ACTIVE", timeout=180, interval=0.5,
                   what="the list to show ACTIVE again")
        wait_until(lambda: ConsoleEndpoint.objects.filter(instance_uuid=uuid).exists(), what="the VNC endpoint")

        # Open its console: noVNC shows the guest's screen.
        page.open(f"/instances/instance/{instance.pk}/change/")
        page.js("document.querySelector('#console-form').removeAttribute('target')")
        before = page.js(MARK)
        page.js("document.querySelector('#console-form').requestSubmit()")
        page.loaded_after(before)
        assert "vnc_lite.html" in page.js("location.href")
        lit = wait_until(lambda: page.js(LIT_PIXELS), timeout=120, interval=1, what="the guest's screen")
        assert lit > 100
        page.shot("07-console")

        # Disable a host with a reason; the list shows it.
        page.open(f"/hosts/service/?q={node['host']}")
        service = Service.objects.get(host=node["host"], binary="nova-compute")
        page.js(f"document.querySelector('input.action-select[value=\"{service.pk}\"]').checked = true;"
                "document.querySelector('[name=action]').value = 'disable';"
                "document.querySelector('[name=reason]').value = 'browser maintenance';")
        page.submit("#changelist-form", "button[name=index]")
        assert Service.objects.get(pk=service.pk).disabled_reason == "browser maintenance"
        assert "browser maintenance" in page.text(f'[data-live="service:{service.pk}:disabled_reason"]')
        page.shot("08-host-disabled")

        # Delete the instance; it leaves the list live.
        page.open("/instances/instance/")
        page.live()
        page.js(f"document.querySelector('input.action-select[value=\"{instance.pk}\"]').checked = true;"
                "document.querySelector('[name=action]').value = 'delete_instances';")
        page.submit("#changelist-form", "button[name=index]")
        page.live()
        wait_until(lambda: not page.js(f"document.querySelector('{status_cell(uuid)}') !== null"), timeout=180,
                   interval=0.5, what="the instance to leave the list")
        page.shot("09-deleted")
        wait_until(lambda: Instance.objects.get(pk=instance.pk).vm_state == "deleted", timeout=60, what="deleted")
    finally:
        browser.close()


def test_without_its_update_channel_a_page_refreshes_itself_instead_of_breaking(processes, node_env, tmp_path,
                                                                                 monkeypatch):
    """The channel layer's Redis is unreachable: the socket fails, the page says so and refreshes its
    regions every XCOMPUTE_DASHBOARD_REFRESH_SECONDS, so a host disabled elsewhere still shows."""
    from hosts import services as registry
    from tests.factories import make_service

    port = free_port()
    monkeypatch.setenv("XCOMPUTE_DASHBOARD_PORT", str(port))
    monkeypatch.setenv("XCOMPUTE_DASHBOARD_WORKERS", "1")
    command, extra_env = programs(sys.executable)["dashboard"]
    processes.start("dashboard", shlex.split(command), {
        **node_env, **extra_env, "XCOMPUTE_CHANNEL_LAYER_URL": "redis://127.0.0.1:1/0",
        "XCOMPUTE_DASHBOARD_REFRESH_SECONDS": "1"})
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: _answers(f"{base}/healthcheck"), timeout=60, what="the dashboard")
    identity.default_domain()
    identity.builtin_roles()
    admin_project = identity.project("admin")
    identity.grant(identity.user("operator", PASSWORD, default_project=admin_project), "admin", project=admin_project)
    service = make_service(host="compute-x")

    SHOTS.mkdir(parents=True, exist_ok=True)
    (tmp_path / "chromium").mkdir()
    browser = Browser(tmp_path / "chromium", SHOTS / "chromium-fallback.log")
    page = Page(browser, base)
    try:
        page.open("/login/?next=/hosts/service/")
        page.js(f"document.getElementById('id_username').value = 'operator';"
                f"document.getElementById('id_password').value = {json.dumps(PASSWORD)};")
        page.submit("#login-form")
        wait_until(lambda: page.js("document.getElementById('live-status').dataset.state") == "polling",
                   timeout=30, what="the page to fall back to refreshing")
        assert "refreshing every 1 s" in page.text("#live-status")
        mark = page.js(MARK)
        registry.set_disabled(service, True, "no socket needed")
        reason = f'[data-live="service:{service.pk}:disabled_reason"]'
        wait_until(lambda: "no socket needed" in page.text(reason), timeout=30, interval=0.5,
                   what="the refresh to show the reason")
        assert page.js(MARK) == mark, "the page reloaded"
        page.shot("10-refreshing-without-socket")
    finally:
        browser.close()
