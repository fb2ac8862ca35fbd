"""Servers on networks through the whole chain on a simulated host: ports made, shown, freed."""
import pytest

from networks.models import Network, Port
from networks.services.ports import create_port
from tests.conftest import APIClient
from tests.e2e.conftest import wait_until
from tests.e2e.test_boot_path import VERSION, boot, server

pytestmark = pytest.mark.e2e


@pytest.fixture
def network(db):
    network = Network.objects.create(name="net1", project_id="admin")
    network.subnets.create(project_id="admin", cidr="10.20.0.0/29", gateway_ip="10.20.0.1",
                           allocation_pools=[{"start": "10.20.0.2", "end": "10.20.0.6"}])
    return network


def test_a_server_gets_a_port_with_an_address_shown_in_addresses_and_its_delete_frees_it(cloud, network,
                                                                                        host_name):
    api = APIClient()
    server_id = boot(api, cloud["image"], networks=[{"uuid": str(network.id)}])
    active = wait_until(lambda: (s := server(api, server_id))["status"] == "ACTIVE" and s, what="ACTIVE")
    port = Port.objects.get(device_id=server_id)
    assert (port.status, port.binding_host_id, port.device_owner) == ("ACTIVE", host_name, "compute:nova")
    assert active["addresses"] == {"net1": [{"version": 4, "addr": "10.20.0.2", "OS-EXT-IPS:type": "fixed",
                                             "OS-EXT-IPS-MAC:mac_addr": port.mac_address}]}
    listed = api.get("/v2.1/servers/detail", version=VERSION).json()["servers"]
    assert listed[0]["addresses"] == active["addresses"]

    assert api.delete(f"/v2.1/servers/{server_id}", version=VERSION).status_code == 204
    wait_until(lambda: not Port.objects.filter(device_id=server_id).exists(), what="the port to be freed")


def test_a_given_port_is_used_and_outlives_its_server(cloud, network):
    api = APIClient()
    port = create_port("admin", network, {"name": "mine"}, [{"ip_address": "10.20.0.5"}])
    server_id = boot(api, cloud["image"], networks=[{"port": str(port.id)}])
    active = wait_until(lambda: (s := server(api, server_id))["status"] == "ACTIVE" and s, what="ACTIVE")
    assert active["addresses"]["net1"][0]["addr"] == "10.20.0.5"
    api.delete(f"/v2.1/servers/{server_id}", version=VERSION)
    wait_until(lambda: Port.objects.get(pk=port.pk).device_id == "", what="the port to be unbound")
    assert Port.objects.get(pk=port.pk).status == "DOWN"


def test_a_server_whose_addresses_ran_out_goes_to_error_with_a_fault_and_holds_nothing(cloud, network):
    api = APIClient()
    for _ in range(5):
        create_port("admin", network, {})
    server_id = boot(api, cloud["image"], networks=[{"uuid": str(network.id)}])
    failed = wait_until(lambda: (s := server(api, server_id))["status"] == "ERROR" and s, what="ERROR")
    assert "No more IP addresses available" in failed["fault"]["message"]
    assert not Port.objects.filter(device_id=server_id).exists()


def test_a_server_on_a_flat_network_is_built_with_a_config_drive(cloud):
    # given a flat network (its physnet's bridge is a real host's business; this host is simulated)
    lan = Network.objects.create(name="lan", project_id="admin", network_type="flat", physical_network="physnet1")
    lan.subnets.create(project_id="admin", cidr="192.168.7.0/29", gateway_ip="192.168.7.1",
                       allocation_pools=[{"start": "192.168.7.2", "end": "192.168.7.6"}])
    api = APIClient()
    # when a server without key or user data boots on it, then it runs with its address and a config drive
    server_id = boot(api, cloud["image"], networks=[{"uuid": str(lan.id)}])
    active = wait_until(lambda: (s := server(api, server_id))["status"] == "ACTIVE" and s, what="ACTIVE")
    assert active["addresses"]["lan"][0]["addr"] == "192.168.7.2"
    assert active["config_drive"] == "True"
    api.delete(f"/v2.1/servers/{server_id}", version=VERSION)
    wait_until(lambda: not Port.objects.filter(device_id=server_id).exists(), what="the port to be freed")
