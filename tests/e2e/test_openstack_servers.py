"""Servers through the unmodified `openstack` CLI against the Compute and Image APIs under gunicorn.

python-openstackclient 10 reads `--network none` as a Neutron network named "none" (a lookup
that needs a network service); `--nic none` is its spelling of Nova's `"networks": "none"`.

No build chain runs here: a new server stays in BUILD. The test then plays the chain's part with
`instances.states.transition` (the one place state changes), as the conductor would, so that
metadata (which Nova changes only on servers at rest) can be set.
"""
import json

import pytest

from flavors.services import ensure_defaults
from instances import states
from instances.models import Instance
from tests.e2e.conftest import openstack_cli
from tests.instances.factories import make_image

pytestmark = pytest.mark.e2e


@pytest.fixture
def openstack(compute_api, image_api_url, tmp_path):
    return openstack_cli(tmp_path, {"compute": f"{compute_api}/v2.1", "placement": "http://127.0.0.1:1",
                                    "image": image_api_url})


def test_openstack_cli_creates_lists_shows_sets_a_property_on_and_deletes_a_server(openstack):
    ensure_defaults()
    image = make_image(name="guest", owner="admin")

    created = json.loads(openstack("server", "create", "--flavor", "m1.tiny", "--image", str(image.id),
                                   "--nic", "none", "s1", "-f", "json"))
    assert created["status"] == "BUILD" and created["name"] == "s1"

    rows = json.loads(openstack("server", "list", "-f", "json"))
    assert [(row["Name"], row["Status"]) for row in rows] == [("s1", "BUILD")]

    shown = json.loads(openstack("server", "show", "s1", "-f", "json"))
    assert shown["id"] == created["id"] and shown["flavor"]["original_name"] == "m1.tiny"

    # The chain's part: the server came up on a host.
    states.transition(created["id"], expected_task_state="scheduling", vm_state="active", task_state=None,
                      power_state=states.PowerState.RUNNING)
    openstack("server", "set", "--property", "k=v", "s1")
    assert json.loads(openstack("server", "show", "s1", "-f", "json"))["properties"] == {"k": "v"}

    openstack("server", "delete", "s1")
    assert json.loads(openstack("server", "list", "-f", "json")) == []
    assert Instance.objects.get(uuid=created["id"]).vm_state == "deleted"
