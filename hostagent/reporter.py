"""The agent's inventory reporter: at start and whenever the host changes, through the conductor."""
import logging
import threading

from hostagent.inventory import InventoryPolicy, compute_node_report
from hostagent.virt.libvirt.connection import open_connection
from hostagent.virt.libvirt.host import host_resources

logger = logging.getLogger(__name__)

UPDATE_TASK = "conductor.update_compute_node"


class InventoryReporter:
    """Reads the host every `interval` seconds and sends the report when it differs from the last."""

    def __init__(self, app, *, host: str, uri: str, instances_path: str, policy: InventoryPolicy, interval: int,
                 hypervisor_hostname: str | None = None):
        self.app, self.host, self.uri, self.instances_path = app, host, uri, instances_path
        self.policy, self.interval, self.hypervisor_hostname = policy, interval, hypervisor_hostname
        self.last = None
        self._stop = threading.Event()

    def report(self) -> dict:
        connection = open_connection(self.uri)
        try:
            resources = host_resources(connection, self.instances_path)
        finally:
            connection.close()
        if self.hypervisor_hostname:
            resources = type(resources)(**{**resources.__dict__, "hypervisor_hostname": self.hypervisor_hostname})
        return compute_node_report(self.host, resources, self.policy)

    def report_if_changed(self) -> bool:
        payload = self.report()
        if payload == self.last:
            return False
        self.app.send_task(UPDATE_TASK, kwargs=payload)
        logger.info("reported inventory of %s: %s", self.host, payload["inventory"])
        self.last = payload
        return True

    def _run(self):
        while not self._stop.is_set():
            try:
                self.report_if_changed()
            except Exception:  # the hypervisor or the broker may be briefly away
                logger.warning("inventory report of %s failed; retrying in %ss", self.host, self.interval,
                               exc_info=True)
            self._stop.wait(self.interval)

    def start(self) -> "InventoryReporter":
        threading.Thread(target=self._run, name="inventory-reporter", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
