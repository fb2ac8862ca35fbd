"""The config drive of a real guest: an ISO 9660 image labelled `config-2`, as Nova's configdrive writes it.

It holds `openstack/latest/meta_data.json` (the instance's identity, metadata and keys),
`openstack/latest/network_data.json` (its NICs' static addresses, as Nova's netutils writes them),
`openstack/latest/user_data` (decoded) and empty vendor data, which cloud-init's ConfigDrive source
reads. The image is made with `genisoimage` (Debian's package of that name), with Nova's options,
in the instance's directory as `disk.config`, so it goes when the directory goes.
"""
import base64
import ipaddress
import json
import os
import subprocess
import tempfile
from pathlib import Path

from hostagent.virt.exceptions import VirtError
from hostagent.virt.types import ConfigDrive, Nic

GENISOIMAGE = "genisoimage"
VOLUME_LABEL = "config-2"
FILE_NAME = "disk.config"


def meta_data(drive: ConfigDrive) -> dict:
    """Nova's openstack meta_data.json; `public_keys` and `keys` only when the instance has a key pair."""
    document = {"uuid": drive.uuid, "meta": dict(drive.meta), "hostname": drive.hostname, "name": drive.name,
                "launch_index": drive.launch_index, "availability_zone": drive.availability_zone,
                "random_seed": base64.b64encode(os.urandom(512)).decode("ascii"),
                "project_id": drive.project_id, "devices": []}
    if drive.keys:
        document["public_keys"] = {key.name: key.data for key in drive.keys}
        document["keys"] = [{"name": key.name, "type": key.type, "data": key.data} for key in drive.keys]
    return document


def network_data(nics: tuple[Nic, ...]) -> dict:
    """Nova's network_data.json: a link per NIC (named as Nova names the tap device), a static IPv4
    network per NIC with an address (the gateway as default route), the DNS servers as services."""
    links, networks, services = [], [], []
    for nic in nics:
        link = f"tap{nic.port_id[:11]}"
        links.append({"id": link, "vif_id": nic.port_id, "type": "bridge", "mtu": nic.mtu,
                      "ethernet_mac_address": nic.mac_address})
        if not (nic.address and nic.cidr):
            continue
        dns = [{"type": "dns", "address": address} for address in nic.dns]
        network = {"id": f"network{len(networks)}", "type": "ipv4", "link": link, "ip_address": nic.address,
                   "netmask": str(ipaddress.ip_network(nic.cidr, strict=False).netmask),
                   "routes": [{"network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": nic.gateway}]
                   if nic.gateway else [], "network_id": nic.network_id}
        if dns:
            network["services"] = dns
        networks.append(network)
        services.extend(service for service in dns if service not in services)
    return {"links": links, "networks": networks, "services": services}


def contents(drive: ConfigDrive, nics: tuple[Nic, ...] = ()) -> dict[str, bytes]:
    """The drive's files by path."""
    files = {
        "openstack/latest/meta_data.json": json.dumps(meta_data(drive)).encode("utf-8"),
        "openstack/latest/network_data.json": json.dumps(network_data(nics)).encode("utf-8"),
        "openstack/latest/vendor_data.json": b"{}",
        "openstack/latest/vendor_data2.json": b"{}",
    }
    if drive.user_data:
        files["openstack/latest/user_data"] = base64.b64decode(drive.user_data)
    return files


def build(drive: ConfigDrive, directory: Path, nics: tuple[Nic, ...] = ()) -> Path:
    """Write the drive's ISO image into `directory` (replacing any from an earlier try); return its path."""
    target = Path(directory) / FILE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    # Made next to the target and renamed into place: a guest never sees a half-written drive.
    with tempfile.TemporaryDirectory(prefix=".configdrive-", dir=target.parent) as scratch:
        for path, data in contents(drive, nics).items():
            file = Path(scratch, "tree", path)
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)
        partial = Path(scratch, FILE_NAME)
        command = [GENISOIMAGE, "-o", str(partial), "-ldots", "-allow-lowercase", "-allow-multidot", "-l",
                   "-publisher", "Xloud Compute", "-quiet", "-J", "-r", "-V", VOLUME_LABEL, str(Path(scratch, "tree"))]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True)
        except FileNotFoundError as exc:
            raise VirtError(f"{GENISOIMAGE} is not installed on this host: {exc}") from exc
        except subprocess.CalledProcessError as exc:
            raise VirtError(f"{GENISOIMAGE} failed: {exc.stderr.strip()}") from exc
        os.replace(partial, target)
    return target
