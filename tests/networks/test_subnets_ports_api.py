"""Subnets and ports: geometry checks, IPAM, MACs, visibility and the compute-side filters."""
import ipaddress


def test_a_subnet_gets_neutrons_defaults(alice, make_subnet):
    network_id, subnet = make_subnet(alice, "10.20.0.0/24", dns_nameservers=["9.9.9.9"])
    assert subnet["gateway_ip"] == "10.20.0.1"
    assert subnet["allocation_pools"] == [{"start": "10.20.0.2", "end": "10.20.0.254"}]
    assert subnet["enable_dhcp"] is True and subnet["dns_nameservers"] == ["9.9.9.9"]
    network = alice.get(f"/v2.0/networks/{network_id}").json()["network"]
    assert network["subnets"] == [subnet["id"]]


def test_bad_cidrs_and_pools_are_400(alice, make_subnet):
    network_id, _ = make_subnet(alice, "10.20.0.0/24")

    def subnet(**body):
        return alice.post("/v2.0/subnets", {"subnet": {"network_id": network_id, "ip_version": 4, **body}})

    for cidr in ("10.30.0.0/33", "not-a-cidr", "10.30.0.1/24", "10.30.0.0/31", "fd00::/64"):
        response = subnet(cidr=cidr)
        assert response.status_code == 400, cidr
        assert response.json()["NeutronError"]["type"] == "InvalidInput", cidr
    overlapping = subnet(cidr="10.20.0.128/25")
    assert overlapping.status_code == 400 and "overlaps with another subnet" in overlapping.json()["NeutronError"][
        "message"]
    pools = subnet(cidr="10.40.0.0/24", allocation_pools=[{"start": "10.40.0.10", "end": "10.40.0.50"},
                                                          {"start": "10.40.0.40", "end": "10.40.0.60"}])
    assert pools.status_code == 400 and pools.json()["NeutronError"]["type"] == "OverlappingAllocationPools"
    outside = subnet(cidr="10.50.0.0/24", allocation_pools=[{"start": "10.50.0.10", "end": "10.50.1.5"}])
    assert outside.status_code == 400
    gateway_in_pool = subnet(cidr="10.60.0.0/24", gateway_ip="10.60.0.20",
                             allocation_pools=[{"start": "10.60.0.10", "end": "10.60.0.50"}])
    assert gateway_in_pool.status_code == 400
    assert subnet(cidr="10.70.0.0/24", network_id="0" * 32).status_code == 404
    assert alice.get("/v2.0/subnets").json()["subnets"].__len__() == 1


def test_ports_take_addresses_from_the_pool_in_order_and_give_them_back(alice, make_subnet):
    network_id, subnet = make_subnet(alice, "10.20.0.0/29")  # .2 .. .6: five addresses
    ports = [alice.post("/v2.0/ports", {"port": {"network_id": network_id}}).json()["port"] for _ in range(5)]
    assert [port["fixed_ips"][0]["ip_address"] for port in ports] == [f"10.20.0.{i}" for i in range(2, 7)]
    assert all(port["fixed_ips"][0]["subnet_id"] == subnet["id"] for port in ports)
    assert all(port["mac_address"].startswith("fa:16:3e:") for port in ports)
    full = alice.post("/v2.0/ports", {"port": {"network_id": network_id}})
    assert full.status_code == 409 and full.json()["NeutronError"]["type"] == "IpAddressGenerationFailure"
    assert alice.delete(f"/v2.0/ports/{ports[1]['id']}").status_code == 204
    again = alice.post("/v2.0/ports", {"port": {"network_id": network_id}}).json()["port"]
    assert again["fixed_ips"][0]["ip_address"] == "10.20.0.3"
    assert len(alice.get(f"/v2.0/ports?network_id={network_id}").json()["ports"]) == 5


def test_a_requested_address_is_given_once(alice, make_subnet):
    network_id, subnet = make_subnet(alice, "10.20.0.0/24")
    wanted = {"port": {"network_id": network_id, "fixed_ips": [{"ip_address": "10.20.0.77"}]}}
    port = alice.post("/v2.0/ports", wanted).json()["port"]
    assert port["fixed_ips"] == [{"subnet_id": subnet["id"], "ip_address": "10.20.0.77"}]
    taken = alice.post("/v2.0/ports", wanted)
    assert taken.status_code == 409 and taken.json()["NeutronError"]["type"] == "IpAddressAlreadyAllocated"
    gateway = alice.post("/v2.0/ports", {"port": {"network_id": network_id, "fixed_ips": [{"ip_address":
                                                                                          "10.20.0.1"}]}})
    assert gateway.status_code == 409
    elsewhere = alice.post("/v2.0/ports", {"port": {"network_id": network_id, "fixed_ips": [{"ip_address":
                                                                                            "10.99.0.5"}]}})
    assert elsewhere.status_code == 400
    assert alice.get("/v2.0/ports?fixed_ips=ip_address=10.20.0.77").json()["ports"][0]["id"] == port["id"]


def test_port_filters_the_compute_side_uses(alice, make_subnet):
    network_id, _ = make_subnet(alice)
    mine = alice.post("/v2.0/ports", {"port": {"network_id": network_id, "device_id": "server-1",
                                               "device_owner": "compute:nova", "name": "p1"}}).json()["port"]
    alice.post("/v2.0/ports", {"port": {"network_id": network_id, "device_id": "server-2"}})
    listed = alice.get("/v2.0/ports?device_id=server-1").json()["ports"]
    assert [port["id"] for port in listed] == [mine["id"]]
    assert "binding:host_id" not in listed[0]  # admins only
    assert alice.get(f"/v2.0/ports/{mine['id']}?fields=name").json() == {"port": {"name": "p1"}}


def test_ports_of_other_projects_are_invisible_and_shared_networks_take_ports(alice, carol, net_admin, make_subnet):
    private_id, _ = make_subnet(alice, "10.20.0.0/24")
    shared_id, _ = make_subnet(net_admin, "10.30.0.0/24", shared=True)
    assert carol.post("/v2.0/ports", {"port": {"network_id": private_id}}).status_code == 404
    port = carol.post("/v2.0/ports", {"port": {"network_id": shared_id}})
    assert port.status_code == 201
    assert alice.get(f"/v2.0/ports/{port.json()['port']['id']}").status_code == 404
    assert carol.get("/v2.0/subnets").json()["subnets"][0]["cidr"] == "10.30.0.0/24"
    bound = net_admin.get(f"/v2.0/ports/{port.json()['port']['id']}").json()["port"]
    assert bound["binding:host_id"] == ""
    # Only the owner of a shared network adds subnets to it.
    refused = carol.post("/v2.0/subnets", {"subnet": {"network_id": shared_id, "cidr": "10.31.0.0/24",
                                                      "ip_version": 4}})
    assert refused.status_code == 403


def test_a_subnet_with_allocations_cannot_be_deleted(alice, make_subnet):
    network_id, subnet = make_subnet(alice)
    port = alice.post("/v2.0/ports", {"port": {"network_id": network_id}}).json()["port"]
    refused = alice.delete(f"/v2.0/subnets/{subnet['id']}")
    assert refused.status_code == 409 and refused.json()["NeutronError"]["type"] == "SubnetInUse"
    alice.delete(f"/v2.0/ports/{port['id']}")
    assert alice.delete(f"/v2.0/subnets/{subnet['id']}").status_code == 204
    assert ipaddress.ip_network(subnet["cidr"])
