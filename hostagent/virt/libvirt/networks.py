"""The node's networks on one host: a libvirt network per network, NAT with our DHCP or bridged.

A `local` network is defined the first time a guest on this host needs it (bridge `xcbr<id>`, the
subnet's gateway as the bridge's address, NAT to the host's uplink) and stays defined, so the next
guest's plug is one DHCP host entry. dnsmasq (run by libvirt) answers only the MACs it has entries
for: an address is never handed to a MAC the network service did not allocate it to.

A `flat` network is a libvirt network in bridge mode on the host bridge its physical network maps to
(XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS): no NAT and no DHCP of ours; the physical network's own DHCP or
the config drive's network_data.json gives the guest its address.
"""
import ipaddress
import logging
import threading
from xml.etree import ElementTree

import libvirt

from hostagent.virt.exceptions import VirtError
from hostagent.virt.libvirt.domain_xml import network_name
from hostagent.virt.types import Nic
from xcompute_site.env import physical_bridge_mappings

logger = logging.getLogger(__name__)

_define_lock = threading.Lock()
UPDATE_FLAGS = libvirt.VIR_NETWORK_UPDATE_AFFECT_LIVE | libvirt.VIR_NETWORK_UPDATE_AFFECT_CONFIG


def bridge_name(network_id: str) -> str:
    """Linux limits interface names to 15 characters."""
    return f"xcbr{network_id.replace('-', '')[:10]}"


def host_bridge(nic: Nic, mappings: dict[str, str]) -> str:
    """The host bridge a flat network's physical network maps to on this host."""
    bridge = mappings.get(nic.physical_network)
    if not bridge:
        raise VirtError(f"network {nic.network_id} is on physical network {nic.physical_network!r}, which this "
                        f"host does not map to a bridge (XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS="
                        f"{','.join(f'{name}:{br}' for name, br in mappings.items())!r})")
    return bridge


def bridged_network_xml(nic: Nic, mappings: dict[str, str]) -> str:
    """The libvirt network for a flat network: the guests' taps on the mapped host bridge, nothing else."""
    network = ElementTree.Element("network")
    ElementTree.SubElement(network, "name").text = network_name(nic.network_id)
    ElementTree.SubElement(network, "forward", mode="bridge")
    ElementTree.SubElement(network, "bridge", name=host_bridge(nic, mappings))
    ElementTree.indent(network)
    return ElementTree.tostring(network, encoding="unicode")


def network_xml(nic: Nic) -> str:
    """The libvirt network for `nic`'s network: NAT, the gateway on the bridge, DHCP by MAC only."""
    if not nic.gateway:
        raise VirtError(f"network {nic.network_id} has no gateway: this host can only NAT subnets with one")
    subnet = ipaddress.ip_network(nic.cidr)
    network = ElementTree.Element("network")
    ElementTree.SubElement(network, "name").text = network_name(nic.network_id)
    ElementTree.SubElement(network, "forward", mode="nat")
    ElementTree.SubElement(network, "bridge", name=bridge_name(nic.network_id), stp="on", delay="0")
    ElementTree.SubElement(network, "mtu", size=str(nic.mtu))
    ip = ElementTree.SubElement(network, "ip", address=nic.gateway, netmask=str(subnet.netmask))
    if nic.dhcp:
        ElementTree.SubElement(ip, "dhcp")
    ElementTree.indent(network)
    return ElementTree.tostring(network, encoding="unicode")


def host_entry(nic: Nic) -> str:
    return f"<host mac='{nic.mac_address}' ip='{nic.address}'/>"


def _lookup(connection, name: str):
    try:
        return connection.networkLookupByName(name)
    except libvirt.libvirtError as exc:
        if exc.get_error_code() == libvirt.VIR_ERR_NO_NETWORK:
            return None
        raise


def ensure_network(connection, nic: Nic):
    """The network of `nic` on this host, defined and running."""
    # Built first: a flat network whose physnet this host does not map fails here, defined or not.
    xml = bridged_network_xml(nic, physical_bridge_mappings()) if nic.bridged else network_xml(nic)
    with _define_lock:
        network = _lookup(connection, network_name(nic.network_id))
        try:
            if network is None:
                network = connection.networkDefineXML(xml)
                network.setAutostart(True)
                logger.info("defined %s network %s (%s)", nic.network_type, network.name(), nic.cidr)
            if not network.isActive():
                network.create()
        except libvirt.libvirtError as exc:
            raise VirtError(f"libvirt could not start network {network_name(nic.network_id)} ({nic.cidr}): "
                            f"{exc.get_error_message()}") from exc
        return network


def plug(connection, nic: Nic) -> None:
    """Make the port's MAC get its address from the network's DHCP (idempotent)."""
    network = ensure_network(connection, nic)
    if nic.bridged or not (nic.dhcp and nic.address):
        return  # a bridged network's DHCP is not ours
    if f"mac='{nic.mac_address}'" in network.XMLDesc(0):
        return  # a redelivered build: the entry is there already
    try:
        network.update(libvirt.VIR_NETWORK_UPDATE_COMMAND_ADD_LAST, libvirt.VIR_NETWORK_SECTION_IP_DHCP_HOST,
                       -1, host_entry(nic), UPDATE_FLAGS)
    except libvirt.libvirtError as exc:
        raise VirtError(f"libvirt could not give {nic.mac_address} the address {nic.address}: "
                        f"{exc.get_error_message()}") from exc


def unplug(connection, network_id: str, mac_address: str) -> None:
    """Forget the DHCP entry of a MAC (a port gone with its guest); nothing to do if it is not there."""
    network = _lookup(connection, network_name(network_id))
    if network is None:
        return
    for host in ElementTree.fromstring(network.XMLDesc(0)).iter("host"):
        if host.get("mac", "").lower() == mac_address.lower():
            entry = f"<host mac='{host.get('mac')}' ip='{host.get('ip')}'/>"
            try:
                network.update(libvirt.VIR_NETWORK_UPDATE_COMMAND_DELETE, libvirt.VIR_NETWORK_SECTION_IP_DHCP_HOST,
                               -1, entry, UPDATE_FLAGS)
            except libvirt.libvirtError as exc:
                logger.warning("could not remove the DHCP entry of %s from %s: %s", mac_address,
                               network.name(), exc.get_error_message())


def interfaces_of(domain_xml: str) -> list[tuple[str, str]]:
    """(network id, MAC) of each interface of a domain this agent defined."""
    found = []
    for interface in ElementTree.fromstring(domain_xml).iter("interface"):
        source, mac = interface.find("source"), interface.find("mac")
        name = source.get("network", "") if source is not None else ""
        if name.startswith("xcompute-") and mac is not None:
            found.append((name.removeprefix("xcompute-"), mac.get("address", "")))
    return found
