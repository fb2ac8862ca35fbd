"""What the libvirt driver does with a guest that exists: power, pause, suspend, rebuild, console log.

A mixin of `LibvirtDriver` (its connection, lookup, spawn and domain removal), kept apart so the
driver module stays about defining and removing guests. Every operation is idempotent, since a
task redelivered after a lost worker runs it again: stopping a stopped guest is fine, and so on.
The same code serves simulated hosts (libvirt's `test:///` driver), where shutdowns are instant.
"""
import copy
import logging
import time
from xml.etree import ElementTree

import libvirt

from hostagent.virt.exceptions import InstanceNotFound, VirtError
from hostagent.virt.libvirt import disks
from hostagent.virt.libvirt.domain_xml import NOVA_NS, metadata_element
from hostagent.virt.types import NOSTATE, InstanceSpec

logger = logging.getLogger(__name__)

# Nova's SHUTDOWN_RETRY_INTERVAL, shorter: a guest may miss a press (ours ignores the power button
# until its acpid is up, a few seconds after boot), so the button is pressed again this often.
SHUTDOWN_RETRY_INTERVAL = 5.0
POLL_INTERVAL = 0.25
# Nova's MAX_CONSOLE_BYTES: the console log is read from its end, at most this much.
MAX_CONSOLE_BYTES = 100 * 1024


def tail(text: str, length: int | None) -> str:
    """Nova's _tail_log: the last `length` newline-separated pieces; None or -1 (unlimited) keep all."""
    if length is None or int(length) < 0:
        return text
    if int(length) == 0:
        return ""
    return "\n".join(text.split("\n")[-int(length):])


def _metadata_xml(instance: InstanceSpec) -> str:
    """The domain XML's `<nova:instance>` without its namespace, as libvirt's setMetadata takes it."""
    element = copy.deepcopy(metadata_element(instance)[0])
    for node in element.iter():
        node.tag = node.tag.split("}", 1)[-1]
    return ElementTree.tostring(element, encoding="unicode")


class GuestLifecycle:
    """Power, pause, suspend, rebuild and console output of `LibvirtDriver`'s guests."""

    def power_off(self, instance_uuid: str, timeout: float) -> int:
        with self.connection() as connection:
            domain = self._existing(connection, instance_uuid)
            if domain.hasManagedSaveImage(0):  # a suspended guest is off already: forget its saved memory
                domain.managedSaveRemove(0)
            if domain.isActive() and not self._shut_down(domain, timeout):
                logger.info("instance %s did not power off within %ss; destroying it", instance_uuid, timeout)
                self._call(domain.destroy, instance_uuid, "power off")
            return self._state(domain)

    def power_on(self, instance_uuid: str) -> int:
        with self.connection() as connection:
            domain = self._existing(connection, instance_uuid)
            if not domain.isActive():
                self._call(domain.create, instance_uuid, "start")
            return self._state(domain)

    def reboot(self, instance_uuid: str, *, hard: bool, timeout: float) -> int:
        with self.connection() as connection:
            domain = self._existing(connection, instance_uuid)
            running = domain.state()[0] in (libvirt.VIR_DOMAIN_RUNNING, libvirt.VIR_DOMAIN_BLOCKED)
            if not hard and running and self._shut_down(domain, timeout):
                self._call(domain.create, instance_uuid, "start")
                logger.info("instance %s rebooted (ACPI shutdown, then start)", instance_uuid)
                return self._state(domain)
            if not hard:
                logger.info("instance %s: soft reboot fell back to a hard one (%s)", instance_uuid,
                            "the guest did not shut down in time" if running else "the guest was not running")
            return self._hard_reboot(domain, instance_uuid)

    def _hard_reboot(self, domain, instance_uuid: str) -> int:
        """Nova's hard reboot: whatever the guest was doing (paused, suspended, off), it boots afresh."""
        if domain.hasManagedSaveImage(0):
            domain.managedSaveRemove(0)
        if domain.isActive():
            self._call(domain.destroy, instance_uuid, "reset")
        self._call(domain.create, instance_uuid, "start")
        logger.info("instance %s rebooted hard", instance_uuid)
        return self._state(domain)

    def pause(self, instance_uuid: str) -> int:
        with self.connection() as connection:
            domain = self._existing(connection, instance_uuid)
            if domain.state()[0] != libvirt.VIR_DOMAIN_PAUSED:
                self._call(domain.suspend, instance_uuid, "pause")
            return self._state(domain)

    def unpause(self, instance_uuid: str) -> int:
        with self.connection() as connection:
            domain = self._existing(connection, instance_uuid)
            if domain.state()[0] == libvirt.VIR_DOMAIN_PAUSED:
                self._call(domain.resume, instance_uuid, "unpause")
            elif not domain.isActive():
                raise VirtError(f"instance {instance_uuid} is not running; there is nothing to unpause")
            return self._state(domain)

    def suspend(self, instance_uuid: str) -> int:
        with self.connection() as connection:
            domain = self._existing(connection, instance_uuid)
            if domain.isActive():
                self._call(lambda: domain.managedSave(0), instance_uuid, "suspend")
            elif not domain.hasManagedSaveImage(0):
                raise VirtError(f"instance {instance_uuid} is not running; there is nothing to suspend")
            return self._state(domain)

    def resume(self, instance_uuid: str) -> int:
        with self.connection() as connection:
            domain = self._existing(connection, instance_uuid)
            if not domain.isActive():
                # create() restores from the managed save image when there is one.
                self._call(domain.create, instance_uuid, "resume")
            return self._state(domain)

    def rebuild(self, instance: InstanceSpec, *, power_on: bool) -> int:
        """The same domain on a new root disk: stopped, its disk made anew from the new image, its
        metadata naming that image, and started unless it is to stay off (a stopped server)."""
        with self.connection() as connection:
            domain = self._existing(connection, instance.uuid)
            if domain.hasManagedSaveImage(0):
                domain.managedSaveRemove(0)
            if domain.isActive():
                self._call(domain.destroy, instance.uuid, "stop")
            if not self.simulated:
                (disks.instance_dir(self.instances_path, instance.uuid) / "disk").unlink(missing_ok=True)
                self._prepare_guest(instance)  # the new image from the cache, the root overlay on it
            self._call(lambda: domain.setMetadata(libvirt.VIR_DOMAIN_METADATA_ELEMENT, _metadata_xml(instance),
                                                  "nova", NOVA_NS, libvirt.VIR_DOMAIN_AFFECT_CONFIG),
                       instance.uuid, "describe")
            if power_on:
                self._call(domain.create, instance.uuid, "start")
            logger.info("instance %s rebuilt from image %s", instance.uuid, instance.image_uuid)
            return self._state(domain)

    def console_output(self, instance_uuid: str, length: int | None = None) -> str:
        with self.connection() as connection:
            domain = self._existing(connection, instance_uuid)
        if self.simulated:  # libvirt's test driver has no serial device to log
            text = f"{domain.name()}: simulated guest on {self.uri}; it has no serial console.\n"
        else:
            text = self._read_console_log(instance_uuid)
        return tail(text, length)

    def _read_console_log(self, instance_uuid: str) -> str:
        path = disks.instance_dir(self.instances_path, instance_uuid) / "console.log"
        try:
            with open(path, "rb") as log:
                log.seek(0, 2)
                log.seek(max(0, log.tell() - MAX_CONSOLE_BYTES))
                data = log.read()
        except FileNotFoundError:
            return ""
        # Nova decodes as ASCII, replacing the rest: the API answers JSON text, whatever the guest wrote.
        return data.decode("ascii", "replace")

    def _shut_down(self, domain, timeout: float) -> bool:
        """Press the ACPI power button (again every retry interval) until the guest is off; False at the timeout."""
        deadline = time.monotonic() + timeout
        next_press = 0.0
        while domain.isActive():
            now = time.monotonic()
            if now >= deadline:
                return False
            if now >= next_press and domain.state()[0] != libvirt.VIR_DOMAIN_PAUSED:
                try:
                    domain.shutdown()
                except libvirt.libvirtError as exc:
                    if domain.isActive():  # off meanwhile is what we wanted; anything else is a failure
                        raise VirtError(f"libvirt could not shut down {domain.name()}: "
                                        f"{exc.get_error_message()}") from exc
                next_press = now + SHUTDOWN_RETRY_INTERVAL
            time.sleep(min(POLL_INTERVAL, max(deadline - now, 0)))
        return True

    def _existing(self, connection, instance_uuid: str):
        domain = self._lookup(connection, instance_uuid)
        if domain is None:
            raise InstanceNotFound(f"no guest of instance {instance_uuid} on this host")
        return domain

    def _state(self, domain) -> int:
        from hostagent.virt.libvirt.driver import POWER_STATES

        return POWER_STATES.get(domain.state()[0], NOSTATE)

    @staticmethod
    def _call(operation, instance_uuid: str, what: str) -> None:
        try:
            operation()
        except libvirt.libvirtError as exc:
            raise VirtError(f"libvirt could not {what} the guest of {instance_uuid}: "
                            f"{exc.get_error_message()}") from exc
