"""The operator's read-only pages of server groups and host aggregates."""
import pytest

from hosts.models import Aggregate
from server_groups.models import ServerGroup, ServerGroupMember
from tests.instances.factories import make_instance


@pytest.fixture
def operator(admin_site_operator):
    return admin_site_operator


def test_a_server_group_page_lists_its_members_read_only(operator):
    group = ServerGroup.objects.create(name="web", project_id="p", user_id="u", policy="anti-affinity")
    ServerGroupMember.objects.create(group=group, instance=make_instance("web1"), claimed_host="h1")
    assert "web" in operator.get("/admin/server_groups/servergroup/").content.decode()
    page = operator.get(f"/admin/server_groups/servergroup/{group.pk}/change/").content.decode()
    assert "h1" in page and 'name="policy"' not in page


def test_an_aggregate_page_shows_its_zone_and_hosts_read_only(operator):
    aggregate = Aggregate.objects.create(name="agg1", metadata={"availability_zone": "az1"})
    aggregate.hosts.create(host="c1")
    assert "az1" in operator.get("/admin/hosts/aggregate/").content.decode()
    page = operator.get(f"/admin/hosts/aggregate/{aggregate.pk}/change/").content.decode()
    assert "c1" in page and 'name="name"' not in page
