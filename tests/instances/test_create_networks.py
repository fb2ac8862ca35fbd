"""POST /servers `networks`: what the API resolves before anything is created, and Nova's errors."""
import pytest

from instances import lifecycle, networking
from instances.models import Instance
from networks.models import Network, Port
from networks.services.defaults import ensure_default
from networks.services.ports import create_port
from tests.instances.factories import make_instance


def error(response, status) -> str:
    assert response.status_code == status, response.content
    return next(iter(response.json().values()))["message"]


@pytest.fixture
def own_network(db):
    network = Network.objects.create(name="mine", project_id="project-a")
    network.subnets.create(project_id="project-a", cidr="10.20.0.0/24", gateway_ip="10.20.0.1",
                           allocation_pools=[{"start": "10.20.0.2", "end": "10.20.0.254"}])
    return network


def requested(response) -> list:
    assert response.status_code == 202, response.content
    return Instance.objects.get(uuid=response.json()["server"]["id"]).requested_networks


def test_none_asks_for_no_nic(boot, build_chain):
    assert requested(boot(networks="none")) == []


def test_auto_takes_the_projects_network_else_the_default_one(boot, build_chain, own_network):
    default = ensure_default()
    assert requested(boot(networks="auto")) == [{"network_id": str(own_network.id)}]
    own_network.delete()
    assert requested(boot(networks="auto")) == [{"network_id": str(default.id)}]


def test_auto_without_any_network_is_a_400_and_before_2_37_no_nic(boot, build_chain):
    assert "Unable to automatically allocate a network" in error(boot(networks="auto"), 400)
    assert requested(boot(networks=None, version="2.36")) == []


def test_auto_with_two_own_networks_is_a_409(boot, build_chain, own_network):
    Network.objects.create(name="second", project_id="project-a")
    assert error(boot(networks="auto"), 409) == networking.MULTIPLE


def test_explicit_networks_fixed_ips_and_ports(boot, build_chain, own_network):
    assert requested(boot(networks=[{"uuid": str(own_network.id), "fixed_ip": "10.20.0.9"}])) == [
        {"network_id": str(own_network.id), "fixed_ip": "10.20.0.9"}]
    port = create_port("project-a", own_network, {})
    assert requested(boot(networks=[{"port": str(port.id)}])) == [
        {"network_id": str(own_network.id), "port_id": str(port.id)}]


def test_bad_network_requests_are_refused_before_anything_is_created(boot, build_chain, own_network):
    other = Network.objects.create(name="theirs", project_id="project-b")
    assert error(boot(networks=[{"uuid": str(other.id)}]), 400) == f"Network {other.id} could not be found."
    assert error(boot(networks=[{"uuid": str(own_network.id), "fixed_ip": "10.20.0.300"}]), 400) == \
        "Invalid fixed IP address (10.20.0.300)"
    assert "max_count cannot be greater than 1" in error(
        boot(networks=[{"uuid": str(own_network.id), "fixed_ip": "10.20.0.9"}], max_count=2), 400)
    port = create_port("project-a", own_network, {"device_id": "somebody"})
    assert error(boot(networks=[{"port": str(port.id)}]), 409) == f"Port {port.id} is still in use."
    free = create_port("project-a", own_network, {})
    assert "single configured port ID" in error(boot(networks=[{"port": str(free.id)}], min_count=2), 400)
    assert Instance.objects.count() == 0 and Port.objects.count() == 2


def test_addresses_render_the_network_info_cache(db):
    info = [{"port_id": "p", "network_id": "n", "network_name": "mine", "mac_address": "fa:16:3e:00:00:01",
             "mtu": 1500, "preserve_on_delete": False,
             "ips": [{"address": "10.20.0.2", "version": 4, "subnet_id": "s", "cidr": "10.20.0.0/24",
                      "gateway": "10.20.0.1", "dns": [], "dhcp": True}]}]
    assert networking.addresses(info) == {"mine": [{"version": 4, "addr": "10.20.0.2", "OS-EXT-IPS:type": "fixed",
                                                    "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:00:00:01"}]}


def test_a_server_on_a_flat_network_gets_its_type_on_the_nic_and_a_config_drive(db, build_chain):
    # given a flat network with a subnet, and a server without key or user data waiting for a host on it
    lan = Network.objects.create(name="lan", project_id="project-a", network_type="flat", physical_network="physnet1")
    lan.subnets.create(project_id="project-a", cidr="192.168.1.0/24", gateway_ip="192.168.1.1",
                       dns_nameservers=["192.168.1.1"], allocation_pools=[{"start": "192.168.1.100",
                                                                           "end": "192.168.1.200"}])
    instance = make_instance("s1", vm_state="building", task_state="scheduling",
                             requested_networks=[{"network_id": str(lan.id)}])
    # when the conductor pins it to a host
    [(host, spec)] = lifecycle.assign_hosts([{"instance_uuid": str(instance.uuid), "host": "h1", "nodename": "h1",
                                              "alternates": []}])
    # then its NIC says how the host realises the network, and it gets a config drive (network_data.json)
    [nic] = spec["nics"]
    assert (nic["network_type"], nic["physical_network"], nic["address"], nic["dns"]) == (
        "flat", "physnet1", "192.168.1.100", ["192.168.1.1"])
    assert spec["config_drive"]["uuid"] == str(instance.uuid)
    assert Instance.objects.get(pk=instance.pk).config_drive == "True"


def test_a_nic_cached_before_the_provider_extension_is_local():
    vif = {"port_id": "p", "network_id": "n", "mac_address": "fa:16:3e:00:00:01", "mtu": 1500, "ips": []}
    assert networking.nic(vif)["network_type"] == "local" and not networking.bridged([vif])
