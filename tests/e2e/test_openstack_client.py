"""The unmodified `openstack` CLI, over real HTTP, against the API under gunicorn and real workers."""
import json

import pytest

from tests.e2e.conftest import openstack_cli, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture
def openstack(compute_api, tmp_path):
    """Run `openstack --os-cloud xcompute ...` with the clouds.yaml that bootstrap writes."""
    return openstack_cli(tmp_path, {"compute": f"{compute_api}/v2.1", "placement": "http://127.0.0.1:1"})


def service_rows(openstack, host):
    rows = json.loads(openstack("compute", "service", "list", "--long", "-f", "json"))
    return {row["Binary"]: row for row in rows if row["Host"] == host}


def test_openstack_cli_lists_disables_and_re_enables_a_compute_service(openstack, conductor, agent, host_name):
    wait_until(lambda: {row["State"] for row in service_rows(openstack, host_name).values()} == {"up"}
               and len(service_rows(openstack, host_name)) == 3, timeout=90,
               what="nova-api, nova-conductor and nova-compute to be listed up")

    openstack("compute", "service", "set", "--disable", "--disable-reason", "maintenance", host_name, "nova-compute")
    row = service_rows(openstack, host_name)["nova-compute"]
    assert (row["Status"], row["Disabled Reason"]) == ("disabled", "maintenance")

    openstack("compute", "service", "set", "--enable", host_name, "nova-compute")
    assert service_rows(openstack, host_name)["nova-compute"]["Status"] == "enabled"
