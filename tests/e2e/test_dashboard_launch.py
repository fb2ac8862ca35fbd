"""Launching from the dashboard on a cloud of simulated hosts: the real chain builds what the form asked for.

Every process but the dashboard is real (Placement under gunicorn, the conductor and scheduler on the
broker, simulated hypervisors); the dashboard runs in the test's process with a signed-in operator.
"""
import pytest
from django.test import Client
from django.utils.html import escape

from flavors.models import Flavor
from identity import services as identity
from instances.models import Instance, InstanceAction, InstanceFault
from tests.e2e.conftest import wait_until
from tests.e2e.test_simulated_hosts import SLOW, sim_cloud  # noqa: F401
from tests.flavors.factories import make_flavor

pytestmark = pytest.mark.e2e
PASSWORD = "s3cret-password"


@pytest.fixture
def operator(settings, transactional_db):
    """The dashboard's URL map and a client signed in as `ops`, an admin of the `admin` project."""
    settings.ROOT_URLCONF = "xcompute_site.urls.dashboard"
    identity.default_domain()
    identity.builtin_roles()
    ops = identity.user("ops", PASSWORD, default_project=identity.project("admin"))
    identity.grant(ops, "admin", project=identity.project("admin"))
    client = Client()
    assert client.post("/login/", {"username": "ops", "password": PASSWORD}).status_code == 302
    client.ops_id = ops.id
    return client


def launch(client, image, flavor, count=1):
    return client.post("/instances/instance/launch/", {
        "name": "dash", "flavor": flavor, "image": str(image.id), "network": "none", "availability_zone": "",
        "key_name": "", "count": str(count)})


def settled(reservation_id: str, vm_state: str, count: int):
    rows = list(Instance.objects.filter(reservation_id=reservation_id, vm_state=vm_state, task_state__isnull=True))
    return len(rows) == count and rows


def test_a_dashboard_launch_builds_active_servers_recorded_as_the_operators(operator, sim_cloud):  # noqa: F811
    response = launch(operator, sim_cloud["image"], Flavor.objects.get(name="m1.tiny").flavorid, count=2)
    assert response.status_code == 302, response.content
    reservation_id = response["Location"].rsplit("=", 1)[1]
    rows = wait_until(lambda: settled(reservation_id, "active", 2), timeout=SLOW, what="two ACTIVE servers")
    assert {row.host for row in rows} <= set(sim_cloud["hosts"])
    actions = InstanceAction.objects.filter(instance__in=rows)
    assert {(action.action, action.user_id) for action in actions} == {("create", operator.ops_id)}
    # A simulated guest has no VNC server: the Console button says so on the instance's page.
    refused = operator.post(f"/instances/instance/{rows[0].pk}/console/", follow=True).content.decode()
    assert "is not ready" in refused


def test_a_launch_no_host_can_take_shows_the_schedulers_explanation(operator, sim_cloud):  # noqa: F811
    make_flavor("huge", "huge", vcpus=1, memory_mb=512, root_gb=4096)  # more disk than any host has
    response = launch(operator, sim_cloud["image"], "huge")
    instance = Instance.objects.get(pk=response["Location"].split("/")[-3])
    wait_until(lambda: Instance.objects.get(pk=instance.pk).vm_state == "error", timeout=SLOW, what="ERROR")
    fault = InstanceFault.objects.get(instance=instance)
    assert fault.message.startswith("No valid host was found.") and fault.details != fault.message
    page = operator.get(f"/instances/instance/{instance.pk}/change/").content.decode()
    assert escape(fault.details) in page
