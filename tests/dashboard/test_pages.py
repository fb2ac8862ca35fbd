"""Every page renders, and at a number of queries that does not grow with the rows shown."""
import pytest

from flavors.models import Flavor
from hosts.models import ComputeNode
from instances.models import InstanceAction, InstanceActionEvent
from tests.factories import make_service
from tests.instances.factories import make_image, make_instance, tiny_flavor
from tests.placement.factories import add_inventory, allocate, make_provider

VIF = {"network_name": "private", "network_id": "n1", "mac_address": "fa:16:3e:00:00:01",
       "ips": [{"version": 4, "address": "10.0.0.7"}]}


def fill(count: int, start: int = 0) -> None:
    flavor = Flavor.objects.filter(flavorid="1").first() or tiny_flavor()
    for index in range(start, start + count):
        host = f"compute{index}"
        make_service(host=host)
        node = ComputeNode.objects.create(host=host, hypervisor_hostname=f"{host}.example.org",
                                          hypervisor_type="QEMU", vcpus=4, memory_mb=4096, local_gb=40)
        instance = make_instance(f"vm{index}", flavor=flavor, host=host, node=f"{host}.example.org",
                                 network_info=[VIF])
        provider = make_provider(node.hypervisor_hostname, uuid=node.uuid)
        add_inventory(provider, "VCPU", total=4)
        add_inventory(provider, "MEMORY_MB", total=4096)
        allocate(provider, {"VCPU": 1, "MEMORY_MB": 512}, consumer_uuid=instance.uuid)
        action = InstanceAction.objects.create(instance=instance, action="create", request_id=f"req-{index}",
                                               start_time=instance.created_at)
        InstanceActionEvent.objects.create(action=action, event="compute_build_and_run_instance",
                                           start_time=instance.created_at, result="Success")
        make_image(name=f"image{index}")


CHANGELISTS = ["/instances/instance/", "/hosts/computenode/", "/hosts/service/", "/hosts/aggregate/",
               "/flavors/flavor/", "/images/image/", "/identity/project/", "/quotas/projectquota/",
               "/instances/instanceaction/", "/placement/resourceprovider/", "/dashboard/availabilityzone/"]


@pytest.mark.parametrize("path", CHANGELISTS)
def test_a_changelist_costs_the_same_queries_for_one_row_as_for_twenty(operator, path,
                                                                     django_assert_max_num_queries):
    fill(1)
    with django_assert_max_num_queries(40) as one:
        assert operator.get(path).status_code == 200
    fill(19, start=1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert operator.get(path).status_code == 200


def test_the_instance_list_shows_status_badges_flavor_and_addresses_and_finds_by_ip(operator):
    fill(2)
    page = operator.get("/instances/instance/").content.decode()
    assert "ACTIVE" in page and "m1.tiny" in page and "10.0.0.7" in page
    found = operator.get("/instances/instance/?q=10.0.0.7").content.decode()
    assert "vm0" in found and "vm1" in found
    assert "vm0" not in operator.get("/instances/instance/?status=SHUTOFF").content.decode()
    assert "vm0" in operator.get("/instances/instance/?status=ACTIVE&flavor=m1.tiny").content.decode()


def test_the_instance_page_shows_flavor_addresses_actions_events_and_fault(operator, django_assert_max_num_queries):
    fill(1)
    flavor = Flavor.objects.get(flavorid="1")
    instance = make_instance("broken", flavor=flavor, vm_state="error", fault={"code": 500, "message": "No valid host was found."})
    page = operator.get(f"/instances/instance/{instance.pk}/change/").content.decode()
    assert "ERROR" in page and "No valid host was found." in page
    ok = make_instance("ok", flavor=flavor, host="compute0", network_info=[VIF])
    for index in range(5):
        action = InstanceAction.objects.create(instance=ok, action="reboot", request_id=f"r{index}",
                                               start_time=ok.created_at)
        InstanceActionEvent.objects.create(action=action, event="compute_reboot_instance",
                                           start_time=ok.created_at, result="Success")
    with django_assert_max_num_queries(30):
        page = operator.get(f"/instances/instance/{ok.pk}/change/").content.decode()
    assert "private: 10.0.0.7" in page and "(booted from volume)" not in page and "compute_reboot_instance (Success)" in page and "m1.tiny" in page


def test_the_hypervisor_list_shows_used_of_total_and_a_cluster_row(operator):
    fill(2)
    page = operator.get("/hosts/computenode/").content.decode()
    assert "1 / 4" in page and "512 / 4096 MB" in page  # one m1.tiny on each node
    assert "cluster-summary" in page and "2 / 8" in page and "1024 / 8192 MB" in page
    assert '<a href="/instances/instance/?host=compute1">1</a>' in page  # a host's instances, one click away


def test_detail_pages_render(operator):
    fill(1)
    node = ComputeNode.objects.get()
    for path in [f"/hosts/computenode/{node.pk}/change/", "/", "/hosts/service/1/change/"]:
        assert operator.get(path).status_code in (200, 302), path


def test_the_instance_page_links_its_image_by_name(operator):
    image = make_image(name="debian-12")
    instance = make_instance("web", image_ref=str(image.pk))
    page = operator.get(f"/instances/instance/{instance.pk}/change/").content.decode()
    assert f'<a href="/images/image/{image.pk}/change/">debian-12</a>' in page


def test_djangos_own_users_and_groups_are_not_on_the_dashboard(operator):
    """Identity users are the source of truth; the Django users behind sessions are mirrors."""
    index = operator.get("/").content.decode()
    assert "/auth/user/" not in index and "/auth/group/" not in index
    assert "/identity/" in index
    assert operator.get("/auth/user/").status_code == 404
