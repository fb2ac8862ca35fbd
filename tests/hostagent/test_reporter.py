"""The inventory reporter reads the host every interval and tells the conductor only about changes."""
from hostagent import reporter as reporter_module
from hostagent.inventory import InventoryPolicy
from hostagent.reporter import UPDATE_TASK, InventoryReporter
from hostagent.virt.types import HostResources


class RecordingApp:
    def __init__(self):
        self.sent = []

    def send_task(self, name, kwargs=None, **options):
        self.sent.append((name, kwargs))


def test_a_report_is_sent_at_start_and_again_only_when_the_host_changed(monkeypatch, tmp_path):
    # given a host of 4 CPUs read through the simulated libvirt driver
    host = {"vcpus": 4}
    monkeypatch.setattr(reporter_module, "host_resources", lambda connection, path: HostResources(
        hypervisor_hostname="hv1", hypervisor_type="QEMU", vcpus=host["vcpus"], memory_mb=8192, disk_gb=50))
    app = RecordingApp()
    reporter = InventoryReporter(app, host="compute1", uri="test:///default", instances_path=str(tmp_path),
                                 policy=InventoryPolicy(), interval=60)
    # when it checks twice, then only the first check reports
    assert reporter.report_if_changed() is True
    assert reporter.report_if_changed() is False
    # and when the host gains CPUs, the next check reports the new inventory
    host["vcpus"] = 8
    assert reporter.report_if_changed() is True
    assert [kwargs["inventory"]["VCPU"]["total"] for name, kwargs in app.sent if name == UPDATE_TASK] == [4, 8]
    assert app.sent[-1][1]["initial_ratios"] == ["VCPU", "MEMORY_MB", "DISK_GB"]
