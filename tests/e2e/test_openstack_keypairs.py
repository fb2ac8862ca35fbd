"""Key pairs through the unmodified `openstack` CLI: generate, import, list, show, delete, boot with a key."""
import json
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization

from flavors.services import ensure_defaults
from instances.models import Instance
from tests.e2e.conftest import openstack_cli
from tests.instances.factories import make_image

pytestmark = pytest.mark.e2e


@pytest.fixture
def openstack(compute_api, image_api_url, tmp_path):
    return openstack_cli(tmp_path, {"compute": f"{compute_api}/v2.1", "placement": "http://127.0.0.1:1",
                                    "image": image_api_url})


def test_openstack_cli_generates_imports_lists_shows_and_deletes_key_pairs_and_boots_with_one(openstack, tmp_path):
    # given nothing, when k1 is created, then its private key is printed once and matches the stored public key
    private = openstack("keypair", "create", "k1")
    # (python-openstackclient 10 generates an ed25519 pair itself, whatever the microversion, and
    # imports the public half; server-side generation is covered by tests/keypairs.)
    load = (serialization.load_ssh_private_key if "OPENSSH PRIVATE KEY" in private
            else serialization.load_pem_private_key)
    key = load(private.encode(), None)
    shown = json.loads(openstack("keypair", "show", "k1", "-f", "json"))
    derived = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    assert shown["name"] == "k1" and shown["fingerprint"].count(":") == 15

    # and an imported key keeps the fingerprint ssh-keygen computes
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / "id")], check=True)
    imported = json.loads(openstack("keypair", "create", "--public-key", str(tmp_path / "id.pub"), "k2",
                                    "-f", "json"))
    md5 = subprocess.run(["ssh-keygen", "-l", "-E", "md5", "-f", str(tmp_path / "id.pub")], capture_output=True,
                         text=True, check=True).stdout.split()[1]
    assert f"MD5:{imported['fingerprint']}" == md5
    rows = json.loads(openstack("keypair", "list", "-f", "json"))
    assert sorted(row["Name"] for row in rows) == ["k1", "k2"]
    public = openstack("keypair", "show", "--public-key", "k1").split()
    assert public[:2] == derived.decode().split()[:2]

    # when a server is booted with k1, then it records the key and says it has a config drive
    ensure_defaults()
    image = make_image(name="guest", owner="admin")
    created = json.loads(openstack("server", "create", "--flavor", "m1.tiny", "--image", str(image.id),
                                   "--nic", "none", "--key-name", "k1", "s1", "-f", "json"))
    assert created["key_name"] == "k1"
    instance = Instance.objects.get(uuid=created["id"])
    assert instance.key_data.split()[:2] == public[:2] and instance.config_drive == "True"

    # and deleting the pairs leaves none
    openstack("keypair", "delete", "k1", "k2")
    assert json.loads(openstack("keypair", "list", "-f", "json")) == []
