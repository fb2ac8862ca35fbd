"""The config drive a real host builds: an ISO 9660 `config-2` image read back with isoinfo, and its cdrom."""
import base64
import json
import subprocess
from pathlib import Path

from hostagent.virt.libvirt import config_drive
from hostagent.virt.libvirt.domain_xml import GuestFiles, domain_xml
from hostagent.virt.types import ConfigDrive, GuestKey, InstanceSpec

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
