"""Networks, subnets and ports through the unmodified `openstack` CLI against neutron-server under gunicorn."""
import json

import pytest

from tests.e2e.conftest import openstack_cli

pytestmark = pytest.mark.e2e


@pytest.fixture
def openstack(compute_api, network_api_url, tmp_path):
    return openstack_cli(tmp_path, {"compute": f"{compute_api}/v2.1", "placement": "http://127.0.0.1:1",
                                    "network": network_api_url})


def test_openstack_cli_manages_networks_subnets_and_ports(openstack):
    network = json.loads(openstack("network", "create", "net1", "-f", "json"))
    assert network["name"] == "net1" and network["status"] == "ACTIVE"
    subnet = json.loads(openstack("subnet", "create", "--network", "net1", "--subnet-range", "10.20.0.0/24",
                                  "--dns-nameserver", "9.9.9.9", "sub1", "-f", "json"))
    assert subnet["cidr"] == "10.20.0.0/24" and subnet["gateway_ip"] == "10.20.0.1"
    assert subnet["allocation_pools"] == [{"start": "10.20.0.2", "end": "10.20.0.254"}]
    listed = json.loads(openstack("network", "list", "-f", "json"))
    assert [(row["Name"], row["Subnets"]) for row in listed] == [("net1", [subnet["id"]])]
    port = json.loads(openstack("port", "create", "--network", "net1", "--fixed-ip",
                                "subnet=sub1,ip-address=10.20.0.50", "p1", "-f", "json"))
    assert port["fixed_ips"] == [{"subnet_id": subnet["id"], "ip_address": "10.20.0.50"}]
    ports = json.loads(openstack("port", "list", "--network", "net1", "-f", "json"))
    assert [row["Name"] for row in ports] == ["p1"]
    shown = json.loads(openstack("network", "show", "net1", "-f", "json"))
    assert shown["id"] == network["id"] and shown["mtu"] == 1500
    openstack("port", "delete", "p1")
    openstack("subnet", "delete", "sub1")
    openstack("network", "delete", "net1")
    assert json.loads(openstack("network", "list", "-f", "json")) == []
