"""The unmodified `openstack` CLI, over real HTTP, against the API under gunicorn and real workers."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from node.management.commands.bootstrap import clouds_yaml
from tests.e2e.conftest import wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture
def openstack(compute_api, tmp_path):
    """Run `openstack --os-cloud xcompute ...` with the clouds.yaml that bootstrap writes."""
    config = tmp_path / "clouds.yaml"
    config.write_text(yaml.safe_dump(clouds_yaml({"compute": f"{compute_api}/v2.1",
                                                  "placement": "http://127.0.0.1:1"})))
    cli = str(Path(sys.executable).parent / "openstack")

    def run(*args):
        result = subprocess.run([cli, "--os-cloud", "xcompute", *args], capture_output=True, text=True,
                                env={"OS_CLIENT_CONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"}, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    return run


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
