"""A real guest on a flat network: the host's libvirt network bridges its NIC onto a Linux bridge.

The test makes its own bridge (`xctestbr0`, no uplink) and maps `physnet1` to it as an operator
would with XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS; both go at teardown.
"""
import json
import subprocess
import uuid
from pathlib import Path
from xml.etree import ElementTree

import pytest

from hostagent.virt.image_cache import ImageCache
from hostagent.virt.libvirt import networks
from hostagent.virt.libvirt.domain_xml import network_name
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import ConfigDrive, InstanceSpec, Nic
from tests.e2e.conftest import wait_until
from tests.hostagent.conftest import remove_libvirt_network
from tests.hostagent.test_real_guest import TOKEN, upload

pytestmark = pytest.mark.e2e
BRIDGE = "xctestbr0"


@pytest.fixture
def host_bridge(monkeypatch):
    subprocess.run(["ip", "link", "add", BRIDGE, "type", "bridge"], check=True)
    subprocess.run(["ip", "link", "set", BRIDGE, "up"], check=True)
    monkeypatch.setenv("XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS", f"physnet1:{BRIDGE}")
    yield BRIDGE
    subprocess.run(["ip", "link", "del", BRIDGE], check=False)


@pytest.fixture
def flat_nic(host_bridge):
    network_id = str(uuid.uuid4())
    yield Nic(port_id=str(uuid.uuid4()), network_id=network_id, mac_address="fa:16:3e:12:34:57",
              address="192.168.199.23", cidr="192.168.199.0/24", gateway="192.168.199.1", network_type="flat",
              physical_network="physnet1", dns=("192.168.199.1",))
    remove_libvirt_network(network_id)


def test_a_flat_network_is_a_bridge_mode_libvirt_network_and_the_guest_s_nic_sits_on_the_host_bridge(
        image_api_url, guest_image, instances_path, flat_nic):
    # given the test guest's image and a driver on this machine, with physnet1 mapped to the test's bridge
    image_id = upload(image_api_url, guest_image.path("disk.qcow2"))
    driver = LibvirtDriver("qemu:///system", str(instances_path), virt_type="qemu",
                           image_cache=ImageCache(instances_path, image_api_url, TOKEN["X-Auth-Token"]))
    spec = InstanceSpec(uuid=str(uuid.uuid4()), display_name="guest", project_id="p", flavor_name="m1.tiny",
                        vcpus=1, memory_mb=256, root_gb=1, image_uuid=image_id, nics=(flat_nic,),
                        config_drive=ConfigDrive(uuid="", name="guest", hostname="guest", project_id="p"))
    console = instances_path / spec.uuid / "console.log"
    try:
        # when the host realises the network, then it is a bridge-mode network on the mapped bridge
        with driver.connection() as connection:
            network = ElementTree.fromstring(networks.ensure_network(connection, flat_nic).XMLDesc(0))
        assert network.find("forward").get("mode") == "bridge" and network.find("ip") is None
        assert network.find("bridge").get("name") == BRIDGE
        # and when a guest with a NIC on it is spawned, it runs, its NIC's tap is a port of the bridge
        driver.spawn(spec)
        marker = guest_image.manifest["marker"]
        wait_until(lambda: console.exists() and marker in console.read_text(errors="replace"), timeout=300,
                   what="the guest's marker on its serial console")
        with driver.connection() as connection:
            domain = ElementTree.fromstring(connection.lookupByUUIDString(spec.uuid).XMLDesc(0))
        [interface] = domain.iter("interface")
        assert interface.find("source").get("network") == network_name(flat_nic.network_id)
        assert interface.find("mac").get("address") == flat_nic.mac_address
        tap = interface.find("target").get("dev")
        assert tap in {port.name for port in Path(f"/sys/class/net/{BRIDGE}/brif").iterdir()}
        # and its config drive tells it its address, since no DHCP of ours answers there
        drive = instances_path / spec.uuid / "disk.config"
        data = json.loads(subprocess.run(["isoinfo", "-R", "-i", str(drive), "-x",
                                          "/openstack/latest/network_data.json"],
                                         capture_output=True, text=True, check=True).stdout)
        assert data["networks"][0]["ip_address"] == "192.168.199.23"
    finally:
        driver.destroy(spec.uuid)
        driver.close()
