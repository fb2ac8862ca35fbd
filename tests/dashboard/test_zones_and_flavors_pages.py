"""The availability zones page and the flavor list's extra specs."""
from django.test import Client

from hosts.models import Aggregate, AggregateHost
from tests.dashboard.conftest import sign_in
from tests.factories import make_service
from tests.flavors.factories import make_flavor

ZONES = "/dashboard/availabilityzone/"


def test_the_zones_page_lists_each_zone_with_its_hosts_services_and_aggregates(operator, settings):
    make_service(host="compute1")
    make_service(host="compute2", disabled=True)
    make_service(host="compute3", seen_ago=3600)
    make_service(host="controller", binary="nova-scheduler")
    fast = Aggregate.objects.create(name="fast", metadata={"availability_zone": "az-fast"})
    AggregateHost.objects.create(aggregate=fast, host="compute2")
    page = operator.get(ZONES).content.decode()
    az_fast, default = page.index("<b>az-fast</b>"), page.index(f"<b>{settings.XCOMPUTE_DEFAULT_AVAILABILITY_ZONE}</b>")
    internal = page.index(f"<b>{settings.XCOMPUTE_INTERNAL_SERVICE_AVAILABILITY_ZONE}</b>")
    assert default < az_fast  # available zones first
    assert "nova-compute (up)" in page[default:az_fast] and "compute3" in page[default:az_fast]
    assert "nova-compute (down)" in page[default:az_fast]  # compute3 stopped reporting
    assert "nova-compute (down, disabled)" in page[az_fast:] and "not available" in page[az_fast:]
    assert f'<a href="/hosts/aggregate/{fast.pk}/change/">fast</a>' in page
    assert "nova-scheduler (up)" in page[internal:]


def test_the_zones_page_is_in_the_index_and_read_only(operator):
    assert ZONES in operator.get("/").content.decode()
    assert operator.get(f"{ZONES}add/").status_code == 403


def test_a_member_is_refused_the_zones_page(identity_users):
    client = Client()
    sign_in(client, "alice")
    assert client.get(ZONES).status_code == 302


def test_the_flavor_list_shows_each_flavors_extra_specs(operator):
    make_flavor("1", "m1.pinned", extra_specs={"hw:cpu_policy": "dedicated", "trait:HW_CPU_X86_AVX2": "required"})
    make_flavor("2", "m1.plain")
    page = operator.get("/flavors/flavor/").content.decode()
    assert "<div>hw:cpu_policy=dedicated</div><div>trait:HW_CPU_X86_AVX2=required</div>" in page
    assert '<td class="field-specs">—</td>' in page
