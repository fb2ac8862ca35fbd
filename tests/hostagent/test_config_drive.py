"""The config drive a real host builds: an ISO 9660 `config-2` image read back with isoinfo, and its cdrom."""
import base64
import json
import subprocess
from pathlib import Path

from hostagent.virt.libvirt import config_drive
from hostagent.virt.libvirt.domain_xml import GuestFiles, domain_xml
from hostagent.virt.types import ConfigDrive, GuestKey, InstanceSpec, Nic

GOLDEN = Path(__file__).parent / "golden"
UUID = "0b5a0d8e-7c4f-4f7a-9a43-2f6c1d2e3f40"
KEY = GuestKey("k1", "ssh", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMAk08M0SZZ1wnWm6dTpoi9tOqJAm7yiUQ7E5E/vy6PM me@host")


def drive(**fields) -> ConfigDrive:
    values = {"uuid": UUID, "name": "web 1", "hostname": "web-1", "project_id": "p1", "availability_zone": "nova",
              "launch_index": 0, "meta": {"role": "web"}, "keys": (KEY,),
              "user_data": base64.b64encode(b"#cloud-config\n").decode()}
    return ConfigDrive(**{**values, **fields})


def isoinfo(*args) -> str:
    return subprocess.run(["isoinfo", *args], capture_output=True, text=True, check=True).stdout


def test_the_drive_is_an_iso_labelled_config_2_with_nova_s_meta_data_and_the_user_data(tmp_path):
    path = config_drive.build(drive(), tmp_path)
    assert path == tmp_path / "disk.config"
    assert "Volume id: config-2" in isoinfo("-d", "-i", str(path))
    meta = json.loads(isoinfo("-R", "-i", str(path), "-x", "/openstack/latest/meta_data.json"))
    assert {name: meta[name] for name in ("uuid", "name", "hostname", "project_id", "availability_zone",
                                         "launch_index", "meta", "devices")} == {
        "uuid": UUID, "name": "web 1", "hostname": "web-1", "project_id": "p1", "availability_zone": "nova",
        "launch_index": 0, "meta": {"role": "web"}, "devices": []}
    assert meta["public_keys"] == {"k1": KEY.data}
    assert meta["keys"] == [{"name": "k1", "type": "ssh", "data": KEY.data}]
    assert len(base64.b64decode(meta["random_seed"])) == 512
    assert isoinfo("-R", "-i", str(path), "-x", "/openstack/latest/user_data") == "#cloud-config\n"
    assert not [leftover for leftover in tmp_path.iterdir() if leftover.name != "disk.config"]


def test_without_a_key_there_are_no_key_fields_and_without_user_data_no_user_data_file(tmp_path):
    path = config_drive.build(drive(keys=(), user_data=""), tmp_path)
    listing = isoinfo("-R", "-f", "-i", str(path))
    assert "/openstack/latest/meta_data.json" in listing and "/openstack/latest/user_data" not in listing
    meta = json.loads(isoinfo("-R", "-i", str(path), "-x", "/openstack/latest/meta_data.json"))
    assert "public_keys" not in meta and "keys" not in meta


def test_a_guest_with_a_config_drive_gets_a_read_only_ide_cdrom_hdd():
    spec = InstanceSpec(uuid=UUID, display_name="web-1", project_id="p1", flavor_name="m1.tiny", vcpus=1,
                        memory_mb=512, root_gb=1, image_uuid="6a1f2e3d-0000-4000-8000-000000000001")
    files = GuestFiles("/var/lib/x/disk", "/var/lib/x/console.log", "0.0.0.0", config_drive="/var/lib/x/disk.config")
    xml = domain_xml(spec, virt_type="qemu", files=files) + "\n"
    assert xml == (GOLDEN / "domain_qemu_config_drive.xml").read_text()


def test_network_data_gives_each_nic_its_link_static_address_default_route_and_dns(tmp_path):
    flat = Nic(port_id="0d6a4b2c-1111-4000-8000-000000000001", network_id="net-flat", mac_address="fa:16:3e:00:00:01",
               address="192.168.1.50", cidr="192.168.1.0/24", gateway="192.168.1.1", mtu=1500, network_type="flat",
               physical_network="physnet1", dns=("192.168.1.1", "9.9.9.9"))
    nat = Nic(port_id="7e2f9c3d-2222-4000-8000-000000000002", network_id="net-nat", mac_address="fa:16:3e:00:00:02",
              address="10.42.0.7", cidr="10.42.0.0/24", gateway="", mtu=1450, dns=("9.9.9.9",))
    path = config_drive.build(drive(), tmp_path, (flat, nat))
    data = json.loads(isoinfo("-R", "-i", str(path), "-x", "/openstack/latest/network_data.json"))
    assert data == {
        "links": [{"id": "tap0d6a4b2c-11", "vif_id": flat.port_id, "type": "bridge", "mtu": 1500,
                   "ethernet_mac_address": "fa:16:3e:00:00:01"},
                  {"id": "tap7e2f9c3d-22", "vif_id": nat.port_id, "type": "bridge", "mtu": 1450,
                   "ethernet_mac_address": "fa:16:3e:00:00:02"}],
        "networks": [{"id": "network0", "type": "ipv4", "link": "tap0d6a4b2c-11", "ip_address": "192.168.1.50",
                      "netmask": "255.255.255.0", "network_id": "net-flat",
                      "routes": [{"network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": "192.168.1.1"}],
                      "services": [{"type": "dns", "address": "192.168.1.1"}, {"type": "dns", "address": "9.9.9.9"}]},
                     {"id": "network1", "type": "ipv4", "link": "tap7e2f9c3d-22", "ip_address": "10.42.0.7",
                      "netmask": "255.255.255.0", "network_id": "net-nat", "routes": [],
                      "services": [{"type": "dns", "address": "9.9.9.9"}]}],
        "services": [{"type": "dns", "address": "192.168.1.1"}, {"type": "dns", "address": "9.9.9.9"}]}


def test_a_guest_without_nics_gets_an_empty_network_data():
    assert config_drive.network_data(()) == {"links": [], "networks": [], "services": []}
