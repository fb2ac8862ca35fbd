"""key_name on POST /servers: the caller's own key pair, recorded on the instance and sent to the host's config drive."""
import base64

from hostagent.virt.types import InstanceSpec
from instances.lifecycle import instance_spec
from instances.models import Instance
from keypairs.models import KeyPair

ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMAk08M0SZZ1wnWm6dTpoi9tOqJAm7yiUQ7E5E/vy6PM me@host"


def key(user_id="alice", name="k1") -> KeyPair:
    return KeyPair.objects.create(user_id=user_id, name=name, public_key=ED25519, fingerprint="f")


def test_a_boot_with_the_caller_s_key_records_it_and_shows_key_name_and_config_drive(boot, member_api):
    key()
    response = boot(key_name="k1")
    assert response.status_code == 202, response.content
    instance = Instance.objects.get(uuid=response.json()["server"]["id"])
    assert (instance.key_name, instance.key_data, instance.config_drive) == ("k1", ED25519, "True")
    server = member_api.get(f"/v2.1/servers/{instance.uuid}", version="2.37").json()["server"]
    assert (server["key_name"], server["config_drive"]) == ("k1", "True")


def test_an_unknown_key_or_another_user_s_is_nova_s_400(boot):
    key(user_id="carol")
    for name in ("nope", "k1"):
        response = boot(key_name=name)
        assert response.status_code == 400
        assert response.json()["badRequest"]["message"] == "Invalid key_name provided."
    assert not Instance.objects.exists()


def test_without_key_user_data_or_config_drive_a_server_has_no_drive(boot):
    instance = Instance.objects.get(uuid=boot().json()["server"]["id"])
    assert instance.config_drive == "" and instance_spec(instance)["config_drive"] is None
    asked = Instance.objects.get(uuid=boot(config_drive=True).json()["server"]["id"])
    assert asked.config_drive == "True" and instance_spec(asked)["config_drive"]["keys"] == []


def test_the_host_is_sent_what_the_config_drive_holds(boot):
    key()
    user_data = base64.b64encode(b"#!/bin/sh\necho hi\n").decode()
    response = boot(key_name="k1", user_data=user_data, metadata={"role": "web"})
    instance = Instance.objects.get(uuid=response.json()["server"]["id"])
    spec = InstanceSpec.from_dict(instance_spec(instance))
    drive = spec.config_drive
    assert (drive.uuid, drive.name, drive.hostname, drive.project_id, drive.launch_index) == (
        str(instance.uuid), "s1", "s1", "project-a", 0)
    assert drive.meta == {"role": "web"} and drive.user_data == user_data
    assert [(k.name, k.type, k.data) for k in drive.keys] == [("k1", "ssh", ED25519)]
    assert InstanceSpec.from_dict(spec.to_dict()) == spec
