"""os-interface on a running server (simulated host): attach a port or a network, list, detach."""
import json

import pytest

from instances.models import Instance
from networks.models import Network, Port
from networks.services.ports import create_port
from tests.conftest import APIClient
from tests.e2e.conftest import openstack_cli, wait_until
from tests.e2e.test_boot_path import VERSION, boot, server

pytestmark = pytest.mark.e2e


@pytest.fixture
def network(db):
    network = Network.objects.create(name="net1", project_id="admin")
    network.subnets.create(project_id="admin", cidr="10.20.0.0/24", gateway_ip="10.20.0.1",
                           allocation_pools=[{"start": "10.20.0.2", "end": "10.20.0.254"}])
    return network


def test_ports_are_attached_listed_and_detached_on_a_running_server(cloud, network):
    api = APIClient()
    server_id = boot(api, cloud["image"], networks="none")
    wait_until(lambda: server(api, server_id)["status"] == "ACTIVE", what="ACTIVE")
    given = create_port("admin", network, {"name": "mine"}, [{"ip_address": "10.20.0.40"}])

    by_port = api.post(f"/v2.1/servers/{server_id}/os-interface", {"interfaceAttachment": {"port_id": str(given.id)}},
                       version=VERSION)
    assert by_port.status_code == 200, by_port.content
    assert by_port.json()["interfaceAttachment"]["fixed_ips"][0]["ip_address"] == "10.20.0.40"
    by_net = api.post(f"/v2.1/servers/{server_id}/os-interface", {"interfaceAttachment": {
        "net_id": str(network.id), "fixed_ips": [{"ip_address": "10.20.0.41"}]}}, version=VERSION).json()
    made = by_net["interfaceAttachment"]
    assert made["net_id"] == str(network.id) and made["port_state"] == "ACTIVE" and made["tag"] is None

    listed = api.get(f"/v2.1/servers/{server_id}/os-interface", version=VERSION).json()["interfaceAttachments"]
    assert {a["port_id"] for a in listed} == {str(given.id), made["port_id"]}
    addresses = server(api, server_id)["addresses"]["net1"]
    assert {a["addr"] for a in addresses} == {"10.20.0.40", "10.20.0.41"}
    actions = [a["action"] for a in api.get(f"/v2.1/servers/{server_id}/os-instance-actions",
                                            version=VERSION).json()["instanceActions"]]
    assert actions.count("attach_interface") == 2

    assert api.delete(f"/v2.1/servers/{server_id}/os-interface/{made['port_id']}", version=VERSION).status_code == 202
    assert not Port.objects.filter(pk=made["port_id"]).exists()  # made for the server: gone
    assert api.delete(f"/v2.1/servers/{server_id}/os-interface/{given.id}", version=VERSION).status_code == 202
    assert Port.objects.get(pk=given.pk).device_id == ""  # the user's: kept, unbound
    assert Instance.objects.get(uuid=server_id).network_info == []
    missing = api.delete(f"/v2.1/servers/{server_id}/os-interface/{given.id}", version=VERSION)
    assert missing.status_code == 404


def test_a_server_that_is_not_at_rest_gets_a_409(cloud, network):
    api = APIClient()
    server_id = boot(api, cloud["image"], networks="none")
    wait_until(lambda: server(api, server_id)["status"] == "ACTIVE", what="ACTIVE")
    Instance.objects.filter(uuid=server_id).update(task_state="rebooting")
    refused = api.post(f"/v2.1/servers/{server_id}/os-interface", {"interfaceAttachment": {
        "net_id": str(network.id)}}, version=VERSION)
    assert refused.status_code == 409
    assert not Port.objects.filter(device_id=server_id).exists()


def test_the_openstack_cli_adds_and_removes_ports(cloud, network, compute_api, network_api_url, tmp_path):
    openstack = openstack_cli(tmp_path, {"compute": f"{compute_api}/v2.1", "placement": cloud["placement"],
                                         "network": network_api_url})
    api = APIClient()
    server_id = boot(api, cloud["image"], networks=[{"uuid": str(network.id)}])
    wait_until(lambda: server(api, server_id)["status"] == "ACTIVE", what="ACTIVE")
    openstack("port", "create", "--network", "net1", "p2")
    openstack("server", "add", "port", server_id, "p2")
    ports = json.loads(openstack("port", "list", "--server", server_id, "-f", "json"))
    assert len(ports) == 2 and "p2" in {row["Name"] for row in ports}
    shown = json.loads(openstack("server", "show", server_id, "-f", "json"))
    assert len(shown["addresses"]["net1"]) == 2
    openstack("server", "remove", "port", server_id, "p2")
    assert len(json.loads(openstack("port", "list", "--server", server_id, "-f", "json"))) == 1
    openstack("server", "delete", "--wait", server_id)
    assert json.loads(openstack("port", "list", "--network", "net1", "-f", "json"))[0]["Name"] == "p2"
