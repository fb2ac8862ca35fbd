"""The agent reads a running guest's VNC endpoint from its live domain and reports it after a build."""
import pytest

from hostagent import tasks
from hostagent.consoles import CONSOLE_ENDPOINT, proxyclient_address
from hostagent.virt.libvirt.consoles import vnc_endpoint
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import RUNNING, VncEndpoint
from tests.hostagent.test_driver import instance
from tests.hostagent.test_tasks import RecordingApp

LIVE = """<domain type='qemu'><devices>
  <graphics type='vnc' port='{port}' autoport='yes' {listen}><listen type='address' address='{address}'/></graphics>
</devices></domain>"""


def test_the_live_domain_gives_the_autoport_and_listen_address():
    assert vnc_endpoint(LIVE.format(port=5903, listen="listen='10.0.0.5'", address="10.0.0.5")) == \
        VncEndpoint("10.0.0.5", 5903)
    assert vnc_endpoint(LIVE.format(port=5904, listen="", address="0.0.0.0")) == VncEndpoint("0.0.0.0", 5904)


def test_a_guest_not_running_or_without_vnc_has_no_endpoint():
    assert vnc_endpoint(LIVE.format(port=-1, listen="", address="127.0.0.1")) is None
    assert vnc_endpoint("<domain type='test'><devices/></domain>") is None


@pytest.mark.parametrize("listen, configured, expected", [
    ("127.0.0.1", "", "127.0.0.1"), ("10.0.0.5", "", "10.0.0.5"), ("0.0.0.0", "", "127.0.0.1"),
    ("::", "", "127.0.0.1"), ("0.0.0.0", "192.0.2.7", "192.0.2.7"),
])
def test_the_proxy_reaches_the_vnc_server_at_the_configured_address_else_where_it_listens(listen, configured,
                                                                                            expected):
    assert proxyclient_address(listen, configured) == expected


def test_a_build_reports_the_console_endpoint_before_the_spawn(tmp_path):
    class VncDriver(LibvirtDriver):
        def console_endpoint(self, instance_uuid):
            return VncEndpoint("0.0.0.0", 5905)

    app, driver = RecordingApp(), VncDriver("test:///default", str(tmp_path))
    tasks.register(app, driver=driver)
    spec = instance()
    app.tasks[tasks.BUILD](host="hv1", instance=spec.to_dict())
    assert app.sent == [
        (CONSOLE_ENDPOINT, {"instance_uuid": spec.uuid, "host": "hv1", "address": "127.0.0.1", "port": 5905}),
        (tasks.SPAWNED, {"instance_uuid": spec.uuid, "host": "hv1", "power_state": RUNNING}),
    ]
    driver.destroy(spec.uuid)


def test_a_console_that_cannot_be_read_does_not_fail_the_build(tmp_path):
    class BrokenConsoleDriver(LibvirtDriver):
        def console_endpoint(self, instance_uuid):
            raise RuntimeError("libvirtd went away")

    app, driver = RecordingApp(), BrokenConsoleDriver("test:///default", str(tmp_path))
    tasks.register(app, driver=driver)
    spec = instance()
    app.tasks[tasks.BUILD](host="hv1", instance=spec.to_dict())
    assert [name for name, _ in app.sent] == [tasks.SPAWNED]
    driver.destroy(spec.uuid)
