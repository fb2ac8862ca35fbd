"""Power-state sync with real processes: an agent on this machine's libvirtd, the conductor, the API.

The agent builds the guest (QEMU under software emulation; the tests never wait for it to boot),
then the guest is turned off or removed behind the agent's back with the test's own libvirt
connection, as an operator's `virsh destroy` would; the API must come to show what happened.
(A vanished domain of an ACTIVE server, with its fault, is covered by tests/instances/test_power_sync.py.)
"""
import shutil
import sys

import libvirt
import pytest

from hostagent.tasks import BUILD
from instances import lifecycle
from instances.models import Instance
from tests.conftest import APIClient
from tests.e2e.conftest import wait_until
from tests.hostagent.test_real_guest import upload
from tests.instances.factories import make_instance
from xcompute_site.celery import app

pytestmark = pytest.mark.e2e


@pytest.fixture
def real_agent(processes, agent_env, image_api_url, instances_path):
    """`start(**env)`: the agent of this test's host on qemu:///system, with extra settings."""

    def start(**settings):
        env = {**agent_env, "XCOMPUTE_LIBVIRT_URI": "qemu:///system", "XCOMPUTE_INSTANCES_PATH": str(instances_path),
               "XCOMPUTE_IMAGE_URL": image_api_url, "XCOMPUTE_LIBVIRT_VIRT_TYPE": "qemu", **settings}
        return processes.start("nova-compute", [sys.executable, "-m", "hostagent"], env)

    return start


@pytest.fixture
def guests(host_name, image_api_url, guest_image, instances_path):
    """`build(*names)`: instances the agent builds on this host (at once), ACTIVE once it reports; all
    removed at the end."""
    image_id = upload(image_api_url, guest_image.path("disk.qcow2"))
    built = []

    def build(*names: str) -> list[Instance]:
        instances = [make_instance(name, vm_state="building", task_state="spawning", host=host_name, node=host_name,
                                   image_ref=image_id) for name in names]
        for instance in instances:
            built.append(str(instance.uuid))
            app.send_task(BUILD, kwargs={"host": host_name, "instance": lifecycle.instance_spec(instance)})
        # libvirtd here re-probes QEMU's capabilities before starting a guest: minutes on a busy machine
        for instance in instances:
            wait_until(lambda instance=instance: status(instance) == "ACTIVE", timeout=600,
                       what=f"{instance.display_name} to be ACTIVE")
        return instances

    yield build
    connection = libvirt.open("qemu:///system")
    try:
        for uuid in built:
            try:
                domain = connection.lookupByUUIDString(uuid)
            except libvirt.libvirtError:
                continue
            if domain.isActive():
                domain.destroy()
            domain.undefine()
    finally:
        connection.close()
        for uuid in built:  # the agent's files of guests the test took away behind its back
            shutil.rmtree(instances_path / uuid, ignore_errors=True)


def status(instance) -> str:
    return APIClient().get(f"/v2.1/servers/{instance.uuid}").json()["server"]["status"]


def power_state(instance) -> int:
    return APIClient().get(f"/v2.1/servers/{instance.uuid}").json()["server"]["OS-EXT-STS:power_state"]


def behind_the_agents_back(instance, *operations) -> None:
    connection = libvirt.open("qemu:///system")
    try:
        domain = connection.lookupByUUIDString(str(instance.uuid))
        for operation in operations:
            getattr(domain, operation)()
    finally:
        connection.close()


def test_a_guest_changed_behind_the_agents_back_is_noticed_by_events_and_by_the_periodic_sync_alone(
        processes, conductor, real_agent, guests):
    # given an agent that learns of its guests through lifecycle events only, and an ACTIVE server
    real_agent(XCOMPUTE_SYNC_POWER_STATE_INTERVAL="-1", XCOMPUTE_HANDLE_VIRT_LIFECYCLE_EVENTS="true")
    [instance] = guests("changed")
    # when its guest is destroyed behind the agent's back, then the API shows it SHUTOFF, stopped by the system
    behind_the_agents_back(instance, "destroy")
    wait_until(lambda: status(instance) == "SHUTOFF", timeout=60, what="SHUTOFF through the events")
    assert power_state(instance) == 4
    [action] = actions_of(instance)
    assert (action["action"], action["user_id"]) == ("stop", None)
    # given the stopped server's guest started again while its agent was away (one guest for both halves:
    # defining one costs libvirtd a minute here)
    processes.stop("nova-compute")
    behind_the_agents_back(instance, "create")
    # when the agent comes back without events, reconciling every second, then it powers the guest off again
    real_agent(XCOMPUTE_SYNC_POWER_STATE_INTERVAL="1", XCOMPUTE_HANDLE_VIRT_LIFECYCLE_EVENTS="false")
    wait_until(lambda: not domain_active(instance) and Instance.objects.get(pk=instance.pk).task_state is None
               and len(actions_of(instance)) == 2, timeout=60, what="the guest powered off again")
    assert (status(instance), power_state(instance)) == ("SHUTOFF", 4)
    # and when its domain is removed altogether, the server keeps SHUTOFF with no power state
    behind_the_agents_back(instance, "undefine")
    wait_until(lambda: power_state(instance) == 0, timeout=60, what="NOSTATE through the periodic sync")
    assert status(instance) == "SHUTOFF"


def actions_of(instance) -> list:
    return APIClient().get(f"/v2.1/servers/{instance.uuid}/os-instance-actions").json()["instanceActions"]


def domain_active(instance) -> bool:
    connection = libvirt.open("qemu:///system")
    try:
        return bool(connection.lookupByUUIDString(str(instance.uuid)).isActive())
    finally:
        connection.close()
