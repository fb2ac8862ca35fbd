"""The libvirt implementation of the virt driver, for real hosts and simulated (`test:///`) ones."""
import logging
import threading
from contextlib import contextmanager

import libvirt

from hostagent.virt.base import ComputeDriver
from hostagent.virt.exceptions import InstanceNotFound, UnsupportedHypervisor, VirtError
from hostagent.virt.libvirt.connection import open_connection
from hostagent.virt.libvirt.domain_xml import domain_xml
from hostagent.virt.libvirt.host import host_resources
from hostagent.virt.types import CRASHED, NOSTATE, PAUSED, RUNNING, SHUTDOWN, SUSPENDED, HostResources, InstanceSpec

logger = logging.getLogger(__name__)

# libvirt's domain states -> Nova's power states.
POWER_STATES = {
    libvirt.VIR_DOMAIN_NOSTATE: NOSTATE, libvirt.VIR_DOMAIN_RUNNING: RUNNING, libvirt.VIR_DOMAIN_BLOCKED: RUNNING,
    libvirt.VIR_DOMAIN_PAUSED: PAUSED, libvirt.VIR_DOMAIN_SHUTDOWN: SHUTDOWN, libvirt.VIR_DOMAIN_SHUTOFF: SHUTDOWN,
    libvirt.VIR_DOMAIN_CRASHED: CRASHED, libvirt.VIR_DOMAIN_PMSUSPENDED: SUSPENDED,
}


class LibvirtDriver(ComputeDriver):
    """One long-lived connection per agent, reopened when it breaks.

    Long-lived because a simulated host (`test:///default`) forgets its guests when its last
    connection closes, and because opening one per call costs a round trip to libvirtd.
    """

    def __init__(self, uri: str, instances_path: str):
        self.uri, self.instances_path = uri, instances_path
        self._connection = None
        self._lock = threading.Lock()

    @property
    def simulated(self) -> bool:
        return self.uri.startswith("test:")

    @contextmanager
    def connection(self):
        with self._lock:
            if self._connection is None or not self._connection.isAlive():
                self._connection = open_connection(self.uri)
            connection = self._connection
        yield connection

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def host_resources(self) -> HostResources:
        with self.connection() as connection:
            return host_resources(connection, self.instances_path)

    def spawn(self, instance: InstanceSpec) -> int:
        if not self.simulated:
            raise UnsupportedHypervisor("this host runs real guests, whose disks and image cache arrive with the "
                                        "hypervisor work; only simulated hosts can build instances yet")
        with self.connection() as connection:
            domain = self._lookup(connection, instance.uuid)
            try:
                if domain is None:
                    domain = connection.defineXML(domain_xml(instance, virt_type="test"))
                if not domain.isActive():
                    domain.create()
            except libvirt.libvirtError as exc:
                raise VirtError(f"libvirt could not start {instance.domain_name}: {exc.get_error_message()}") from exc
            logger.info("instance %s started as %s", instance.uuid, instance.domain_name)
            return POWER_STATES.get(domain.state()[0], NOSTATE)

    def destroy(self, instance_uuid: str) -> None:
        with self.connection() as connection:
            domain = self._lookup(connection, instance_uuid)
            if domain is None:
                return
            try:
                if domain.isActive():
                    domain.destroy()
                domain.undefine()
            except libvirt.libvirtError as exc:
                if exc.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN:  # gone meanwhile: what we wanted
                    raise VirtError(f"libvirt could not remove the guest of {instance_uuid}: "
                                    f"{exc.get_error_message()}") from exc
            logger.info("instance %s destroyed", instance_uuid)

    def power_state(self, instance_uuid: str) -> int:
        with self.connection() as connection:
            domain = self._lookup(connection, instance_uuid)
            if domain is None:
                raise InstanceNotFound(f"no guest of instance {instance_uuid} on this host")
            return POWER_STATES.get(domain.state()[0], NOSTATE)

    def instance_uuids(self) -> list[str]:
        with self.connection() as connection:
            return sorted(domain.UUIDString() for domain in connection.listAllDomains()
                          if domain.name().startswith("instance-"))

    @staticmethod
    def _lookup(connection, instance_uuid: str):
        try:
            return connection.lookupByUUIDString(instance_uuid)
        except libvirt.libvirtError as exc:
            if exc.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                return None
            raise
