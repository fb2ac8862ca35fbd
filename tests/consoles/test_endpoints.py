"""The conductor records a guest's VNC endpoint from the host that owns the instance, and no other."""
import pytest

from consoles import endpoints, tasks
from consoles.models import ConsoleEndpoint
from instances.models import Instance
from tests.instances.factories import make_instance

pytestmark = pytest.mark.django_db


def test_the_owning_hosts_report_is_recorded_and_a_later_one_replaces_it():
    server = make_instance(host="hv1")
    tasks.console_endpoint(str(server.uuid), "hv1", "10.0.0.1", 5900)
    tasks.console_endpoint(str(server.uuid), "hv1", "10.0.0.1", 5901)
    row = ConsoleEndpoint.objects.get()
    assert (row.compute_host, row.address, row.port) == ("hv1", "10.0.0.1", 5901)
    assert endpoints.of(server) == row


def test_a_report_from_a_host_that_does_not_own_the_instance_is_ignored():
    server = make_instance(host="hv1")
    assert endpoints.record(str(server.uuid), "hv2", "10.0.0.2", 5900) is False
    assert not ConsoleEndpoint.objects.exists()


def test_the_endpoint_of_a_previous_host_is_not_the_instances_endpoint():
    server = make_instance(host="hv1")
    endpoints.record(str(server.uuid), "hv1", "10.0.0.1", 5900)
    Instance.objects.filter(pk=server.pk).update(host="hv2")
    server.refresh_from_db()
    assert endpoints.of(server) is None
