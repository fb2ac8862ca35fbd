"""Neutron's provider extension: `local` (NAT, the default) and `flat` networks, admin-only to set and see."""
import pytest

PROVIDER = ("provider:network_type", "provider:physical_network", "provider:segmentation_id")


@pytest.fixture(autouse=True)
def physnets(settings):
    settings.XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS = {"physnet1": "br0"}


def flat(physnet="physnet1", **fields) -> dict:
    return {"network": {"name": "lan", "provider:network_type": "flat", "provider:physical_network": physnet,
                        **fields}}


def neutron_error(response, status) -> dict:
    assert response.status_code == status, response.content
    return response.json()["NeutronError"]


def test_an_admin_creates_a_flat_network_on_a_mapped_physical_network_and_sees_it(net_admin):
    created = net_admin.post("/v2.0/networks", flat(shared=True))
    assert created.status_code == 201, created.content
    network = created.json()["network"]
    assert {name: network[name] for name in PROVIDER} == {
        "provider:network_type": "flat", "provider:physical_network": "physnet1", "provider:segmentation_id": None}
    listed = net_admin.get("/v2.0/networks?provider:network_type=flat").json()["networks"]
    assert [entry["id"] for entry in listed] == [network["id"]]
    aliases = {extension["alias"] for extension in net_admin.get("/v2.0/extensions").json()["extensions"]}
    assert "provider" in aliases


def test_a_network_without_provider_attributes_is_local_as_neutron_shows_it(net_admin):
    network = net_admin.post("/v2.0/networks", {"network": {"name": "nat"}}).json()["network"]
    assert {name: network[name] for name in PROVIDER} == {
        "provider:network_type": "local", "provider:physical_network": None, "provider:segmentation_id": None}


def test_bad_provider_attributes_are_400s_and_a_physical_network_takes_one_flat_network(net_admin):
    unknown = neutron_error(net_admin.post("/v2.0/networks", flat("physnet9")), 400)
    assert unknown == {"type": "InvalidInput", "detail": "", "message": "Invalid input for operation: "
                       "physical_network 'physnet9' unknown for flat provider network."}
    assert "physical_network required" in neutron_error(net_admin.post("/v2.0/networks", flat(None)), 400)["message"]
    vlan = {"network": {"provider:network_type": "vlan", "provider:physical_network": "physnet1"}}
    assert "'vlan' not supported" in neutron_error(net_admin.post("/v2.0/networks", vlan), 400)["message"]
    segmented = flat(**{"provider:segmentation_id": 7})
    assert "segmentation_id prohibited" in neutron_error(net_admin.post("/v2.0/networks", segmented), 400)["message"]
    assert net_admin.post("/v2.0/networks", flat()).status_code == 201
    assert neutron_error(net_admin.post("/v2.0/networks", flat()), 409)["type"] == "FlatNetworkInUse"


def test_a_member_can_neither_set_nor_see_provider_attributes(alice, net_admin):
    refused = neutron_error(alice.post("/v2.0/networks", flat()), 403)
    assert refused["message"] == "(rule:create_network:provider:network_type) is disallowed by policy"
    own = alice.post("/v2.0/networks", {"network": {"name": "mine"}}).json()["network"]
    shared = net_admin.post("/v2.0/networks", flat(shared=True)).json()["network"]
    for network in (own, alice.get(f"/v2.0/networks/{shared['id']}").json()["network"],
                    *alice.get("/v2.0/networks").json()["networks"]):
        assert not set(PROVIDER) & set(network)
    change = {"network": {"provider:network_type": "local"}}
    assert neutron_error(alice.put(f"/v2.0/networks/{own['id']}", change), 403)["type"] == "PolicyNotAuthorized"


def test_provider_attributes_cannot_change_once_the_network_exists(net_admin):
    network = net_admin.post("/v2.0/networks", flat()).json()["network"]
    same = net_admin.put(f"/v2.0/networks/{network['id']}", {"network": {"provider:network_type": "flat",
                                                                         "name": "renamed"}})
    assert same.status_code == 200 and same.json()["network"]["name"] == "renamed"
    change = net_admin.put(f"/v2.0/networks/{network['id']}", {"network": {"provider:network_type": "local"}})
    assert "does not support updating provider attributes" in neutron_error(change, 400)["message"]
