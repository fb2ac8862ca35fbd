"""The Image API under gunicorn over real HTTP: chunked uploads, broken uploads, the CLI and the SDK."""
import hashlib
import json
import os
import socket
from urllib.parse import urlparse

import pytest
import requests

from tests.e2e.conftest import openstack_cli, wait_until

pytestmark = pytest.mark.e2e
ADMIN = {"X-Auth-Token": "admin:admin"}


def new_image(url, **body) -> str:
    response = requests.post(f"{url}/v2/images", json={"disk_format": "raw", "container_format": "bare", **body},
                             headers=ADMIN, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_a_chunked_multi_megabyte_upload_round_trips_with_its_checksums(image_api_url, image_store):
    payload = os.urandom(6 * 1024 * 1024 + 123)
    image_id = new_image(image_api_url)

    def body():  # a generator makes requests send Transfer-Encoding: chunked
        for start in range(0, len(payload), 100_000):
            yield payload[start:start + 100_000]

    upload = requests.put(f"{image_api_url}/v2/images/{image_id}/file", data=body(), timeout=60,
                          headers={**ADMIN, "Content-Type": "application/octet-stream"})
    assert upload.status_code == 204, upload.text
    assert upload.request.headers["Transfer-Encoding"] == "chunked"

    image = requests.get(f"{image_api_url}/v2/images/{image_id}", headers=ADMIN, timeout=10).json()
    assert (image["status"], image["size"]) == ("active", len(payload))
    assert image["checksum"] == hashlib.md5(payload).hexdigest()
    assert image["os_hash_value"] == hashlib.sha512(payload).hexdigest()
    download = requests.get(f"{image_api_url}/v2/images/{image_id}/file", headers=ADMIN, timeout=60, stream=True)
    assert download.headers["Content-MD5"] == image["checksum"]
    assert b"".join(download.iter_content(1024 * 1024)) == payload
    assert sorted(path.name for path in image_store.iterdir()) == [image_id]


def test_a_client_that_hangs_up_mid_upload_leaves_the_image_queued_and_no_file(image_api_url, image_store):
    image_id = new_image(image_api_url)
    address = urlparse(image_api_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall((f"PUT /v2/images/{image_id}/file HTTP/1.1\r\nHost: x\r\nX-Auth-Token: admin:admin\r\n"
                      "Content-Type: application/octet-stream\r\nContent-Length: 10000000\r\n\r\n").encode())
        sock.sendall(b"\0" * 3_000_000)

        def saving():
            status = requests.get(f"{image_api_url}/v2/images/{image_id}", headers=ADMIN, timeout=10).json()["status"]
            return status == "saving"

        wait_until(saving, timeout=30, what="the upload to start")
    # The connection is closed here, 7 MB short of its announced length.

    def queued_again():
        status = requests.get(f"{image_api_url}/v2/images/{image_id}", headers=ADMIN, timeout=10).json()["status"]
        return status == "queued"

    wait_until(queued_again, timeout=30, what="the broken upload to put the image back to queued")
    assert not image_store.exists() or list(image_store.iterdir()) == []


@pytest.fixture
def openstack(image_api_url, compute_api, tmp_path):
    """`openstack --os-cloud xcompute ...` with the clouds.yaml bootstrap writes, pointed at this node's APIs
    (the client checks the compute endpoint, which stands in for identity until there is one)."""
    return openstack_cli(tmp_path, {"compute": f"{compute_api}/v2.1", "placement": "http://127.0.0.1:1",
                                    "image": image_api_url})


def test_the_openstack_cli_creates_lists_shows_sets_saves_and_deletes_an_image(openstack, tmp_path):
    source, saved = tmp_path / "disk.img", tmp_path / "saved.img"
    source.write_bytes(os.urandom(3 * 1024 * 1024))

    created = json.loads(openstack("image", "create", "--disk-format", "qcow2", "--container-format", "bare",
                                   "--file", str(source), "img1", "-f", "json"))
    assert (created["status"], created["size"]) == ("active", source.stat().st_size)
    assert [row["Name"] for row in json.loads(openstack("image", "list", "-f", "json"))] == ["img1"]

    openstack("image", "set", "--property", "hw_disk_bus=virtio", "img1")
    shown = json.loads(openstack("image", "show", "img1", "-f", "json"))
    assert shown["properties"]["hw_disk_bus"] == "virtio"
    assert shown["checksum"] == hashlib.md5(source.read_bytes()).hexdigest()

    openstack("image", "save", "--file", str(saved), "img1")
    assert saved.read_bytes() == source.read_bytes()

    openstack("image", "delete", "img1")
    assert json.loads(openstack("image", "list", "-f", "json")) == []


def test_openstacksdk_uploads_and_downloads_an_image(openstack, tmp_path, monkeypatch):
    import openstack as sdk

    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(openstack.config))
    payload = os.urandom(1024 * 1024)
    conn = sdk.connect(cloud="xcompute")

    image = conn.image.create_image("sdk-image", data=payload, disk_format="raw", container_format="bare",
                                    allow_duplicates=True, validate_checksum=True)
    assert conn.image.get_image(image.id).status == "active"
    assert conn.image.download_image(image.id).content == payload
    conn.image.delete_image(image.id)
