"""The libvirt implementation of the virt driver, for real hosts and simulated (`test:///`) ones."""
import logging
import os
import threading
from contextlib import contextmanager

import libvirt

from hostagent.virt.base import ComputeDriver
from hostagent.virt.exceptions import InstanceNotFound, UnsupportedHypervisor, VirtError
from hostagent.virt.libvirt import config_drive, disks, image_usage, networks
from hostagent.virt.libvirt.connection import open_connection
from hostagent.virt.libvirt.consoles import vnc_endpoint
from hostagent.virt.libvirt.domain_xml import GuestFiles, domain_xml
from hostagent.virt.libvirt.host import host_resources
from hostagent.virt.libvirt.interfaces import GuestInterfaces
from hostagent.virt.libvirt.lifecycle import GuestLifecycle
from hostagent.virt.types import CRASHED, NOSTATE, PAUSED, RUNNING, SHUTDOWN, SUSPENDED, HostResources, InstanceSpec

logger = logging.getLogger(__name__)

# libvirt's domain states -> Nova's power states.
POWER_STATES = {
    libvirt.VIR_DOMAIN_NOSTATE: NOSTATE, libvirt.VIR_DOMAIN_RUNNING: RUNNING, libvirt.VIR_DOMAIN_BLOCKED: RUNNING,
    libvirt.VIR_DOMAIN_PAUSED: PAUSED, libvirt.VIR_DOMAIN_SHUTDOWN: SHUTDOWN, libvirt.VIR_DOMAIN_SHUTOFF: SHUTDOWN,
    libvirt.VIR_DOMAIN_CRASHED: CRASHED, libvirt.VIR_DOMAIN_PMSUSPENDED: SUSPENDED,
}


VIRT_TYPES = ("auto", "kvm", "qemu")


def choose_virt_type(configured: str) -> str:
    """The virt type to try first: `auto` tries `kvm` when the host has /dev/kvm (the first real
    spawn falls back to `qemu`, software emulation, when QEMU cannot use it), else `qemu`; `kvm`
    or `qemu` configured is used as is (Nova's [libvirt] virt_type)."""
    if configured and configured not in VIRT_TYPES:
        raise ValueError(f"unknown libvirt virt type {configured!r} (XCOMPUTE_LIBVIRT_VIRT_TYPE: "
                         f"{', '.join(VIRT_TYPES)})")
    if configured and configured != "auto":
        return configured
    return "kvm" if os.path.exists("/dev/kvm") else "qemu"


class LibvirtDriver(GuestLifecycle, GuestInterfaces, ComputeDriver):
    """One long-lived connection per agent, reopened when it breaks.

    Long-lived because a simulated host (`test:///default`) forgets its guests when its last
    connection closes, and because opening one per call costs a round trip to libvirtd.
    """

    def __init__(self, uri: str, instances_path: str, image_cache=None, virt_type: str = "auto",
                 vnc_listen: str = "127.0.0.1", ephemeral_format: str = ""):
        self.uri, self.instances_path = uri, instances_path
        self.image_cache, self.vnc_listen, self.ephemeral_format = image_cache, vnc_listen, ephemeral_format
        self.virt_type = choose_virt_type(virt_type)
        self.detect_kvm = virt_type in (None, "", "auto")  # KVM is tried first, and dropped if QEMU can't use it
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
        if self.simulated:
            return self._define_and_start(instance, domain_xml(instance, virt_type="test"))
        files = self._prepare_guest(instance)
        try:
            return self._define_and_start(instance, domain_xml(instance, virt_type=self.virt_type, files=files))
        except VirtError as exc:
            if not (self.detect_kvm and self.virt_type == "kvm" and "kvm" in str(exc).lower()):
                raise
            # KVM was chosen by trying: QEMU could not use it (e.g. /dev/kvm not open to QEMU's user).
            logger.warning("KVM is not usable by QEMU on this host (%s); using software emulation", exc)
            self.virt_type = "qemu"
            with self.connection() as connection:
                self._remove_domain(connection, instance.uuid)
            return self._define_and_start(instance, domain_xml(instance, virt_type="qemu", files=files))

    def _define_and_start(self, instance: InstanceSpec, xml: str) -> int:
        with self.connection() as connection:
            if not self.simulated:  # simulated guests have no devices, NICs included
                for nic in instance.nics:
                    networks.plug(connection, nic)
            domain = self._lookup(connection, instance.uuid)
            try:
                if domain is None:
                    domain = connection.defineXML(xml)
                if not domain.isActive():
                    domain.create()
            except libvirt.libvirtError as exc:
                raise VirtError(f"libvirt could not start {instance.domain_name}: {exc.get_error_message()}") from exc
            logger.info("instance %s started as %s (%s)", instance.uuid, instance.domain_name,
                        "test" if self.simulated else self.virt_type)
            return POWER_STATES.get(domain.state()[0], NOSTATE)

    def _prepare_guest(self, instance: InstanceSpec) -> GuestFiles:
        """A real guest's files: the image (and its kernel and ramdisk) from the host's cache, its
        root disk as an overlay sized to the flavor, its ephemeral and swap disks, its serial log."""
        if self.image_cache is None:
            raise UnsupportedHypervisor("this host has no image service configured (XCOMPUTE_IMAGE_URL)")
        if not instance.image_uuid:
            raise VirtError(f"instance {instance.uuid} has no image to boot from")
        base = self.image_cache.fetch(instance.image_uuid)
        kernel = self.image_cache.fetch(instance.kernel_id) if instance.kernel_id else None
        ramdisk = self.image_cache.fetch(instance.ramdisk_id) if instance.kernel_id and instance.ramdisk_id else None
        directory = disks.instance_dir(self.instances_path, instance.uuid)
        directory.mkdir(parents=True, exist_ok=True)
        root = disks.create_root_disk(base, directory / "disk", instance.root_gb)
        ephemeral = disks.create_ephemeral(directory / "disk.local", instance.ephemeral_gb, instance.os_type,
                                           self.ephemeral_format) if instance.ephemeral_gb else None
        swap = disks.create_swap(directory / "disk.swap", instance.swap_mb) if instance.swap_mb else None
        drive = config_drive.build(instance.config_drive, directory, instance.nics) if instance.config_drive else ""
        return GuestFiles(str(root), str(directory / "console.log"), self.vnc_listen,
                          ephemeral_disk=ephemeral and str(ephemeral), swap_disk=swap and str(swap),
                          kernel=kernel and str(kernel), ramdisk=ramdisk and str(ramdisk), config_drive=str(drive))

    def destroy(self, instance_uuid: str) -> None:
        with self.connection() as connection:
            self._remove_domain(connection, instance_uuid)
        if not self.simulated:
            disks.remove_instance_dir(self.instances_path, instance_uuid)

    def _remove_domain(self, connection, instance_uuid: str) -> None:
        domain = self._lookup(connection, instance_uuid)
        if domain is None:
            return
        if not self.simulated:
            for network_id, mac in networks.interfaces_of(domain.XMLDesc(0)):
                networks.unplug(connection, network_id, mac)
        try:
            _destroy_if_running(domain)
            # A suspended guest's saved memory goes with it (libvirt refuses to undefine it otherwise).
            domain.undefineFlags(libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)
        except libvirt.libvirtError as exc:
            if exc.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN:  # gone meanwhile: what we wanted
                raise VirtError(f"libvirt could not remove the guest of {instance_uuid}: "
                                f"{exc.get_error_message()}") from exc
        logger.info("instance %s destroyed", instance_uuid)

    def power_state(self, instance_uuid: str) -> int:
        with self.connection() as connection:
            domain = self._lookup(connection, instance_uuid)
            try:
                if domain is not None:
                    return POWER_STATES.get(domain.state()[0], NOSTATE)
            except libvirt.libvirtError as exc:  # undefined between the lookup and the read
                if exc.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN:
                    raise
            raise InstanceNotFound(f"no guest of instance {instance_uuid} on this host")

    def force_power_off(self, instance_uuid: str) -> int:
        with self.connection() as connection:
            domain = self._lookup(connection, instance_uuid)
            if domain is None:
                raise InstanceNotFound(f"no guest of instance {instance_uuid} on this host")
            try:
                _destroy_if_running(domain)
            except libvirt.libvirtError as exc:
                raise VirtError(f"libvirt could not power off {instance_uuid}: {exc.get_error_message()}") from exc
            logger.info("instance %s powered off", instance_uuid)
            return POWER_STATES.get(domain.state()[0], NOSTATE)

    def console_endpoint(self, instance_uuid: str):
        with self.connection() as connection:
            domain = self._lookup(connection, instance_uuid)
            if domain is None or not domain.isActive():
                return None
            return vnc_endpoint(domain.XMLDesc(0))

    def images_in_use(self) -> set[str]:
        """Ids of the cached images this host's guests use (the image cache keeps them)."""
        with self.connection() as connection:
            return image_usage.images_in_use(connection, self.instances_path)

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


def _destroy_if_running(domain) -> None:
    """Stop the guest at once; one that stopped by itself meanwhile (its own power-off) is fine."""
    if not domain.isActive():
        return
    try:
        domain.destroy()
    except libvirt.libvirtError as exc:
        if exc.get_error_code() != libvirt.VIR_ERR_OPERATION_INVALID or domain.isActive():
            raise
