"""Hot-plugging a port into a real guest and out again (os-interface): the NIC and its DHCP entry."""
import libvirt

from hostagent.virt.exceptions import InstanceNotFound, VirtError
from hostagent.virt.libvirt import networks
from hostagent.virt.libvirt.domain_xml import interface_xml
from hostagent.virt.types import Nic


def _flags(domain) -> int:
    """Always the persistent definition; the running guest too when it runs."""
    flags = libvirt.VIR_DOMAIN_AFFECT_CONFIG
    return flags | libvirt.VIR_DOMAIN_AFFECT_LIVE if domain.isActive() else flags


class GuestInterfaces:
    """Mixed into LibvirtDriver (needs `connection()`, `_lookup()` and `simulated`)."""

    def attach_interface(self, instance_uuid: str, nic: Nic) -> None:
        if self.simulated:  # simulated guests have no devices
            return
        with self.connection() as connection:
            domain = self._lookup(connection, instance_uuid)
            if domain is None:
                raise InstanceNotFound(f"no guest of instance {instance_uuid} on this host")
            if nic.mac_address in {mac for _, mac in networks.interfaces_of(domain.XMLDesc(0))}:
                return  # a redelivered request: it is plugged
            networks.plug(connection, nic)
            try:
                domain.attachDeviceFlags(interface_xml(nic), _flags(domain))
            except libvirt.libvirtError as exc:
                networks.unplug(connection, nic.network_id, nic.mac_address)
                raise VirtError(f"libvirt could not attach port {nic.port_id}: {exc.get_error_message()}") from exc

    def detach_interface(self, instance_uuid: str, nic: Nic) -> None:
        if self.simulated:
            return
        with self.connection() as connection:
            domain = self._lookup(connection, instance_uuid)
            if domain is not None and nic.mac_address in {mac for _, mac in networks.interfaces_of(
                    domain.XMLDesc(0))}:
                try:
                    domain.detachDeviceFlags(interface_xml(nic), _flags(domain))
                except libvirt.libvirtError as exc:
                    raise VirtError(f"libvirt could not detach port {nic.port_id}: "
                                    f"{exc.get_error_message()}") from exc
            networks.unplug(connection, nic.network_id, nic.mac_address)
