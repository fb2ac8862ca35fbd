"""A real QEMU guest through every server action, driven by the unmodified `openstack` CLI.

The whole node runs as processes (Placement, Image and Compute APIs under gunicorn, conductor,
scheduler) with the real agent on this machine's libvirtd (`qemu:///system`, software emulation
without KVM), booting the test guest of `ops/guest-image.sh`. After each action the test checks
the API and libvirt agree; it ends with the domain and the instance's files gone.
"""
import json

import libvirt
import pytest
import requests
from django.conf import settings

from flavors.services import records as flavor_records
from hostagent.virt.libvirt.driver import LibvirtDriver
from hosts.models import ComputeNode
from tests.conftest import APIClient
from tests.e2e.conftest import openstack_cli, wait_until
from tests.guest.conftest import guest_image  # noqa: F401,F811  (fixture)
from tests.hostagent.test_real_guest import upload

pytestmark = pytest.mark.e2e
PLACEMENT = {"X-Auth-Token": "admin", "OpenStack-API-Version": "placement 1.39"}
VERSION = "2.96"
# A TCG guest on a busy 2-core machine, and a libvirtd that may be re-probing QEMU (minutes when
# other tests share it); the waits return as soon as the guest is there.
GUEST_TIMEOUT = 600


@pytest.fixture
def instances_path():
    """Under the var directory, open to QEMU's user (pytest's own temporary directories are private)."""
    path = settings.VAR_DIR / "test-instances"
    path.mkdir(parents=True, exist_ok=True)
    for directory in (settings.VAR_DIR, path):
        directory.chmod(0o755)
    return path


@pytest.fixture
def real_agent(processes, agent_env, image_api_url, instances_path):
    """`python -m hostagent` on qemu:///system, fetching images from the image API under test."""
    import sys

    # Software emulation by configuration: trying KVM first is the boot test's business (and a host
    # whose /dev/kvm QEMU may not open can take minutes to say so).
    env = {**agent_env, "XCOMPUTE_LIBVIRT_URI": "qemu:///system", "XCOMPUTE_LIBVIRT_VIRT_TYPE": "qemu",
           "XCOMPUTE_IMAGE_URL": image_api_url, "XCOMPUTE_INSTANCES_PATH": str(instances_path),
           "XCOMPUTE_SHUTDOWN_TIMEOUT": "20"}
    return processes.start("nova-compute", [sys.executable, "-m", "hostagent"], env)


@pytest.fixture
def node(placement_url, image_api_url, compute_api, conductor, scheduler, real_agent, host_name,
         guest_image, tmp_path):  # noqa: F811
    """The running node once the real host's inventory reached Placement, with a small flavor and two images."""
    compute_node = wait_until(lambda: ComputeNode.objects.filter(host=host_name).first(), timeout=90,
                              what="the real host's compute node")
    wait_until(lambda: requests.get(f"{placement_url}/resource_providers/{compute_node.uuid}/inventories",
                                    headers=PLACEMENT, timeout=5).json().get("inventories"), what="its inventory")
    flavor_records.create("g1.guest", vcpus=1, memory_mb=256, root_gb=1, flavorid="g1")
    disk = guest_image.path("disk.qcow2")
    return {"cli": openstack_cli(tmp_path, {"compute": f"{compute_api}/v2.1", "placement": placement_url,
                                            "image": image_api_url}),
            "images": [upload(image_api_url, disk), upload(image_api_url, disk)],
            "marker": guest_image.manifest["marker"]}


def server(server_id) -> dict:
    return APIClient().get(f"/v2.1/servers/{server_id}", version=VERSION).json()["server"]


def failed_action(server_id) -> str | None:
    """The newest action's failure as its events tell it (None while it runs or when it worked)."""
    api = APIClient()
    newest = api.get(f"/v2.1/servers/{server_id}/os-instance-actions", version=VERSION).json()["instanceActions"][0]
    if newest["message"] != "Error":
        return None
    action = api.get(f"/v2.1/servers/{server_id}/os-instance-actions/{newest['request_id']}",
                     version=VERSION).json()["instanceAction"]
    return f"{newest['action']} failed: " + "; ".join(event["traceback"] or "" for event in action["events"])


def wait_status(server_id, status: str) -> dict:
    """The server once it shows `status`; an action that failed on the host fails the test at once."""
    def reached():
        shown = server(server_id)
        if shown["status"] == status:
            return shown
        failure = failed_action(server_id)
        if failure:
            raise AssertionError(failure)
        return None

    return wait_until(reached, timeout=GUEST_TIMEOUT, interval=0.5, what=f"status {status}")


def domain_state(server_id) -> tuple[int, bool]:
    """(libvirt state, managed save image present) of the server's domain, as virsh would say."""
    connection = libvirt.open("qemu:///system")
    try:
        domain = connection.lookupByUUIDString(server_id)
        return domain.state()[0], bool(domain.hasManagedSaveImage(0))
    finally:
        connection.close()


def domain_xml(server_id) -> str:
    connection = libvirt.open("qemu:///system")
    try:
        return connection.lookupByUUIDString(server_id).XMLDesc(0)
    finally:
        connection.close()


def forget_log(path) -> None:
    """Empty the guest's serial log, so the marker shows a boot after this point (whether libvirt
    truncates the log at each start or appends to it)."""
    path.write_text("")


def wait_marker(path, marker, what: str) -> None:
    wait_until(lambda: path.exists() and marker in path.read_text(errors="replace"), timeout=GUEST_TIMEOUT,
               what=f"the marker {what}")


def test_a_real_guest_goes_through_every_action_and_libvirt_agrees_at_each_step(node, instances_path, processes):
    cli, marker = node["cli"], node["marker"]
    created = json.loads(cli("server", "create", "--flavor", "g1.guest", "--image", node["images"][0],
                             "--nic", "none", "g1", "-f", "json"))
    server_id = created["id"]
    console = instances_path / server_id / "console.log"
    try:
        # create -> ACTIVE, and the guest's marker on its serial console, as the API shows it too
        active = wait_status(server_id, "ACTIVE")
        assert active["OS-EXT-STS:power_state"] == 1
        assert domain_state(server_id) == (libvirt.VIR_DOMAIN_RUNNING, False)
        wait_marker(console, marker, "at the first boot")
        assert marker in cli("console", "log", "show", "g1")
        assert len(cli("console", "log", "show", "--lines", "2", "g1").splitlines()) <= 2

        # stop (ACPI) -> SHUTOFF and the domain really off; start -> running again
        cli("server", "stop", "g1")
        assert wait_status(server_id, "SHUTOFF")["OS-EXT-STS:power_state"] == 4
        assert domain_state(server_id)[0] == libvirt.VIR_DOMAIN_SHUTOFF
        forget_log(console)
        cli("server", "start", "g1")
        wait_status(server_id, "ACTIVE")
        assert domain_state(server_id)[0] == libvirt.VIR_DOMAIN_RUNNING
        wait_marker(console, marker, "after start")

        # soft and hard reboot: the guest boots again each time
        forget_log(console)
        cli("server", "reboot", "g1")
        wait_status(server_id, "ACTIVE")
        wait_marker(console, marker, "after the soft reboot")
        forget_log(console)
        cli("server", "reboot", "--hard", "g1")
        wait_status(server_id, "ACTIVE")
        assert domain_state(server_id)[0] == libvirt.VIR_DOMAIN_RUNNING
        wait_marker(console, marker, "after the hard reboot")

        # pause/unpause: the vCPUs stop and go on
        cli("server", "pause", "g1")
        assert wait_status(server_id, "PAUSED")["OS-EXT-STS:power_state"] == 3
        assert domain_state(server_id)[0] == libvirt.VIR_DOMAIN_PAUSED
        cli("server", "unpause", "g1")
        wait_status(server_id, "ACTIVE")
        assert domain_state(server_id)[0] == libvirt.VIR_DOMAIN_RUNNING

        # suspend/resume: managed save, then restored
        cli("server", "suspend", "g1")
        assert wait_status(server_id, "SUSPENDED")["OS-EXT-STS:power_state"] == 4
        assert domain_state(server_id) == (libvirt.VIR_DOMAIN_SHUTOFF, True)
        cli("server", "resume", "g1")
        wait_status(server_id, "ACTIVE")
        assert domain_state(server_id) == (libvirt.VIR_DOMAIN_RUNNING, False)

        # rebuild from the second image: same domain, new root disk, the guest boots again
        forget_log(console)
        cli("server", "rebuild", "--image", node["images"][1], "g1")
        rebuilt = wait_status(server_id, "ACTIVE")
        assert rebuilt["image"]["id"] == node["images"][1]
        assert domain_state(server_id)[0] == libvirt.VIR_DOMAIN_RUNNING
        assert f'<nova:root type="image" uuid="{node["images"][1]}"/>' in domain_xml(server_id)
        wait_marker(console, marker, "after the rebuild")
        assert marker in cli("console", "log", "show", "g1")

        # lock/unlock, and an admin's reset-state
        cli("server", "lock", "--reason", "maintenance", "g1")
        assert (server(server_id)["locked"], server(server_id)["locked_reason"]) == (True, "maintenance")
        cli("server", "unlock", "g1")
        assert server(server_id)["locked"] is False
        cli("server", "set", "--auto-approve", "--state", "error", "g1")
        assert server(server_id)["status"] == "ERROR"
        cli("server", "set", "--auto-approve", "--state", "active", "g1")
        assert server(server_id)["status"] == "ACTIVE"

        # every action is on record, each finished without error
        actions = APIClient().get(f"/v2.1/servers/{server_id}/os-instance-actions",
                                  version=VERSION).json()["instanceActions"]
        assert [a["action"] for a in reversed(actions)] == [
            "create", "stop", "start", "reboot", "reboot", "pause", "unpause", "suspend", "resume", "rebuild",
            "lock", "unlock", "resetState", "resetState"]
        assert all(a["message"] is None for a in actions)

        # delete: no domain, no files
        cli("server", "delete", "g1")
        wait_until(lambda: APIClient().get(f"/v2.1/servers/{server_id}", version=VERSION).status_code == 404,
                   timeout=GUEST_TIMEOUT, what="the server to be deleted")
        connection = libvirt.open("qemu:///system")
        assert server_id not in [domain.UUIDString() for domain in connection.listAllDomains()]
        connection.close()
        assert not (instances_path / server_id).exists()
    finally:
        # whatever happened, leave no guest behind on this machine: the agent first, so that no build
        # of its own can define the domain again after it is gone
        if "nova-compute" in processes.running:
            processes.stop("nova-compute")
        driver = LibvirtDriver("qemu:///system", str(instances_path))
        driver.destroy(server_id)
        driver.close()
