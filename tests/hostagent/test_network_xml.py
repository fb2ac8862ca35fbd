"""The libvirt documents of a node network on a host and of a guest's NIC (pure functions)."""
from xml.etree import ElementTree

import pytest

from hostagent.virt.exceptions import VirtError
from hostagent.virt.libvirt.domain_xml import GuestFiles, domain_xml
from hostagent.virt.libvirt.networks import (
    bridge_name,
    bridged_network_xml,
    ensure_network,
    host_entry,
    interfaces_of,
    network_xml,
)
from hostagent.virt.types import InstanceSpec, Nic

NIC = Nic(port_id="p1", network_id="4f1c2e9a-0000-4000-8000-000000000001", mac_address="fa:16:3e:aa:bb:cc",
          address="10.20.0.5", cidr="10.20.0.0/24", gateway="10.20.0.1", mtu=1450)


def test_a_node_network_is_a_nat_network_with_the_gateway_on_its_bridge_and_dhcp():
    network = ElementTree.fromstring(network_xml(NIC))
    assert network.findtext("name") == "xcompute-4f1c2e9a-0000-4000-8000-000000000001"
    assert network.find("forward").get("mode") == "nat"
    assert network.find("bridge").get("name") == bridge_name(NIC.network_id) == "xcbr4f1c2e9a00"
    assert len(bridge_name(NIC.network_id)) <= 15
    assert network.find("mtu").get("size") == "1450"
    ip = network.find("ip")
    assert (ip.get("address"), ip.get("netmask")) == ("10.20.0.1", "255.255.255.0")
    assert ip.find("dhcp") is not None
    assert host_entry(NIC) == "<host mac='fa:16:3e:aa:bb:cc' ip='10.20.0.5'/>"


FLAT = Nic(port_id="p2", network_id="4f1c2e9a-0000-4000-8000-000000000002", mac_address="fa:16:3e:aa:bb:dd",
           address="192.168.1.50", cidr="192.168.1.0/24", gateway="192.168.1.1", network_type="flat",
           physical_network="physnet1", dns=("192.168.1.1",))


def test_a_flat_network_is_a_bridge_mode_network_on_the_mapped_host_bridge_without_nat_or_dhcp():
    xml = bridged_network_xml(FLAT, {"physnet1": "br0", "physnet2": "br1"})
    assert xml == ("<network>\n  <name>xcompute-4f1c2e9a-0000-4000-8000-000000000002</name>\n"
                   "  <forward mode=\"bridge\" />\n  <bridge name=\"br0\" />\n</network>")
    assert FLAT.bridged and not NIC.bridged


def test_a_host_without_a_bridge_for_the_physical_network_refuses_it_naming_both():
    with pytest.raises(VirtError, match=r"physical network 'physnet1'.*XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS='physnet2:br1'"):
        bridged_network_xml(FLAT, {"physnet2": "br1"})


def test_a_subnet_without_a_gateway_cannot_be_natted():
    with pytest.raises(VirtError, match="no gateway"):
        network_xml(Nic(port_id="p", network_id="n", mac_address="fa:16:3e:00:00:01", address="10.0.0.5",
                        cidr="10.0.0.0/24"))


def test_a_real_guest_gets_a_virtio_nic_per_port_and_a_simulated_one_none():
    spec = InstanceSpec(uuid="00000000-0000-4000-8000-000000000001", display_name="vm", project_id="p",
                        flavor_name="m1.tiny", vcpus=1, memory_mb=256, root_gb=1, nics=(NIC,))
    real = domain_xml(spec, virt_type="qemu", files=GuestFiles("/d/disk", "/d/console.log"))
    [interface] = ElementTree.fromstring(real).iter("interface")
    assert interface.get("type") == "network"
    assert interface.find("mac").get("address") == NIC.mac_address
    assert interface.find("source").get("network") == f"xcompute-{NIC.network_id}"
    assert interface.find("model").get("type") == "virtio"
    assert interfaces_of(real) == [(NIC.network_id, NIC.mac_address)]
    assert list(ElementTree.fromstring(domain_xml(spec, virt_type="test")).iter("interface")) == []


def test_the_instance_spec_carries_its_nics_through_the_task_message():
    spec = InstanceSpec(uuid="u", display_name="vm", project_id="p", flavor_name="f", vcpus=1, memory_mb=1,
                        root_gb=1, nics=(NIC, FLAT))
    assert InstanceSpec.from_dict(spec.to_dict()) == spec


def test_a_host_without_the_mapping_fails_the_build_before_touching_libvirt(monkeypatch):
    monkeypatch.delenv("XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS", raising=False)
    with pytest.raises(VirtError, match="physnet1.*XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS"):
        ensure_network(None, FLAT)
