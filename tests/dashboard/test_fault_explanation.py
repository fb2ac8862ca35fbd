"""An instance that found no valid host shows, on its page, what each prefilter and filter removed."""
import pytest

from instances import lifecycle
from instances.models import InstanceFault
from scheduling.destinations import NoValidHost
from scheduling.explanation import PlacementPrefilter
from scheduling.scheduler import select_hosts
from tests.instances.factories import make_instance
from tests.scheduling.factories import make_config, make_host, make_spec


@pytest.fixture
def no_placement(monkeypatch):
    """The failed build frees its claim through Placement, which these tests do not run."""
    monkeypatch.setattr(lifecycle, "release", lambda uuids: None)


def failed_for_no_valid_host(name: str):
    """A building instance failed as the chain fails it: the scheduler's own fault, recorded by the conductor."""
    instance = make_instance(name, vm_state="building", task_state="scheduling")
    hosts = [make_host("node1", service_up=False), make_host("node2")]
    selection = select_hosts(hosts, make_spec(availability_zone="az1"), make_config())
    lifecycle.fail_builds([str(instance.uuid)], NoValidHost(*selection.fault(PlacementPrefilter(3, 1, 2))))
    return instance


def test_the_instance_page_shows_the_schedulers_explanation(operator, no_placement):
    instance = failed_for_no_valid_host("unlucky")
    fault = InstanceFault.objects.get(instance=instance)
    assert "compute service is down (node1)" in fault.details and "compute service" not in fault.message
    page = operator.get(f"/instances/instance/{instance.pk}/change/").content.decode()
    assert fault.message in page
    assert "ComputeFilter rejected 1 host: compute service is down (node1)." in page
    assert "AvailabilityZoneFilter rejected 1 host: is in zone &#x27;nova&#x27;, not &#x27;az1&#x27; (node2)." in page
    assert "Placement returned 2 of 3 compute hosts: 1 disabled" in page


def test_details_that_only_repeat_the_message_are_not_shown_twice(operator):
    instance = make_instance("plain", vm_state="error", fault={"message": "disk full", "details": "disk full"})
    page = operator.get(f"/instances/instance/{instance.pk}/change/").content.decode()
    assert "disk full" in page and "white-space:pre-wrap" not in page


def test_the_faults_cost_the_same_queries_however_many_there_are(operator, no_placement,
                                                                django_assert_max_num_queries):
    instance = failed_for_no_valid_host("unlucky")
    with django_assert_max_num_queries(40) as one:
        operator.get(f"/instances/instance/{instance.pk}/change/")
    for index in range(5):
        InstanceFault.objects.create(instance=instance, message=f"fault {index}", details=f"details {index}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = operator.get(f"/instances/instance/{instance.pk}/change/").content.decode()
    assert "details 4" in page
