"""A real guest on a node network: the host's libvirt NAT network hands the port's MAC its address."""
import re
import uuid

import libvirt
import pytest

from hostagent.virt.image_cache import ImageCache
from hostagent.virt.libvirt import networks
from hostagent.virt.libvirt.domain_xml import network_name
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import InstanceSpec, Nic
from tests.e2e.conftest import wait_until
from tests.hostagent.conftest import remove_libvirt_network
from tests.hostagent.test_real_guest import TOKEN, upload

pytestmark = pytest.mark.e2e


@pytest.fixture
def nic():
    network_id = str(uuid.uuid4())
    yield Nic(port_id=str(uuid.uuid4()), network_id=network_id, mac_address="fa:16:3e:12:34:56",
              address="10.199.77.23", cidr="10.199.77.0/24", gateway="10.199.77.1")
    remove_libvirt_network(network_id)


def test_a_real_guest_gets_its_ports_address_from_dhcp_and_its_entry_goes_with_it(
        image_api_url, guest_image, instances_path, nic):
    image_id = upload(image_api_url, guest_image.path("disk.qcow2"))
    driver = LibvirtDriver("qemu:///system", str(instances_path), virt_type="auto",
                           image_cache=ImageCache(instances_path, image_api_url, TOKEN["X-Auth-Token"]))
    spec = InstanceSpec(uuid=str(uuid.uuid4()), display_name="guest", project_id="p", flavor_name="m1.tiny",
                        vcpus=1, memory_mb=256, root_gb=1, image_uuid=image_id, nics=(nic,))
    console = instances_path / spec.uuid / "console.log"
    try:
        driver.spawn(spec)
        lease = wait_until(lambda: console.exists() and re.search(r"eth0 (\S+) from DHCP",
                                                                   console.read_text(errors="replace")),
                           timeout=240, what="the guest's DHCP lease on its serial console")
        assert lease.group(1) == "10.199.77.23/24"
        with driver.connection() as connection:
            described = connection.networkLookupByName(network_name(nic.network_id)).XMLDesc(0)
            assert "mac='fa:16:3e:12:34:56'" in described and "<forward mode='nat'" in described
            assert networks.interfaces_of(connection.lookupByUUIDString(spec.uuid).XMLDesc(0)) == [
                (nic.network_id, nic.mac_address)]
    finally:
        driver.destroy(spec.uuid)
    with driver.connection() as connection:
        assert "fa:16:3e:12:34:56" not in connection.networkLookupByName(network_name(nic.network_id)).XMLDesc(0)
    driver.close()


def test_a_port_is_hot_plugged_into_a_running_guest_and_out_again(image_api_url, guest_image, instances_path, nic):
    image_id = upload(image_api_url, guest_image.path("disk.qcow2"))
    driver = LibvirtDriver("qemu:///system", str(instances_path), virt_type="qemu",
                           image_cache=ImageCache(instances_path, image_api_url, TOKEN["X-Auth-Token"]))
    spec = InstanceSpec(uuid=str(uuid.uuid4()), display_name="guest", project_id="p", flavor_name="m1.tiny",
                        vcpus=1, memory_mb=256, root_gb=1, image_uuid=image_id)
    console = instances_path / spec.uuid / "console.log"
    try:
        driver.spawn(spec)
        # A guest still in its firmware does not answer PCI hot-unplug: plug into a booted one.
        marker = guest_image.manifest["marker"]
        wait_until(lambda: console.exists() and marker in console.read_text(errors="replace"), timeout=240,
                   what="the guest's marker")
        driver.attach_interface(spec.uuid, nic)
        driver.attach_interface(spec.uuid, nic)  # a redelivered request plugs nothing twice
        with driver.connection() as connection:
            domain = connection.lookupByUUIDString(spec.uuid)
            assert networks.interfaces_of(domain.XMLDesc(0)) == [(nic.network_id, nic.mac_address)]
            assert networks.interfaces_of(domain.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)) == [
                (nic.network_id, nic.mac_address)]
            assert nic.mac_address in connection.networkLookupByName(network_name(nic.network_id)).XMLDesc(0)
        driver.detach_interface(spec.uuid, nic)
        with driver.connection() as connection:
            domain = connection.lookupByUUIDString(spec.uuid)
            wait_until(lambda: networks.interfaces_of(domain.XMLDesc(0)) == [], timeout=240,
                       what="the guest to let the NIC go")
            assert networks.interfaces_of(domain.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)) == []
            assert nic.mac_address not in connection.networkLookupByName(network_name(nic.network_id)).XMLDesc(0)
    finally:
        driver.destroy(spec.uuid)
        driver.close()
