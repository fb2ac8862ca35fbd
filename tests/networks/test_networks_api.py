"""Networks through the Neutron v2.0 API: CRUD, sharing, visibility, errors in Neutron's shape."""


def test_versions_and_extensions(net_admin):
    versions = net_admin.get("/").json()["versions"]
    assert versions[0]["id"] == "v2.0" and versions[0]["status"] == "CURRENT"
    aliases = {extension["alias"] for extension in net_admin.get("/v2.0/extensions").json()["extensions"]}
    assert {"binding", "quotas", "net-mtu", "external-net"} <= aliases
    assert net_admin.get("/v2.0/extensions/binding").json()["extension"]["alias"] == "binding"
    missing = net_admin.get("/v2.0/extensions/nope")
    assert missing.status_code == 404 and missing.json()["NeutronError"]["type"] == "ExtensionNotFound"


def test_create_show_update_delete_a_network(alice):
    created = alice.post("/v2.0/networks", {"network": {"name": "n1", "description": "first"}})
    assert created.status_code == 201
    network = created.json()["network"]
    assert network["name"] == "n1" and network["project_id"] == network["tenant_id"] == "project-a"
    assert network["status"] == "ACTIVE" and network["shared"] is False and network["router:external"] is False
    assert network["subnets"] == [] and network["mtu"] == 1500 and network["revision_number"] == 0
    shown = alice.get(f"/v2.0/networks/{network['id']}").json()["network"]
    assert shown == network
    updated = alice.put(f"/v2.0/networks/{network['id']}", {"network": {"name": "renamed"}}).json()["network"]
    assert updated["name"] == "renamed" and updated["revision_number"] == 1
    assert alice.delete(f"/v2.0/networks/{network['id']}").status_code == 204
    gone = alice.get(f"/v2.0/networks/{network['id']}")
    assert gone.status_code == 404
    assert gone.json()["NeutronError"] == {"type": "NetworkNotFound", "detail": "",
                                           "message": f"Network {network['id']} could not be found."}


def test_bad_bodies_are_400_in_neutrons_shape(alice):
    unknown = alice.post("/v2.0/networks", {"network": {"name": "x", "colour": "blue"}})
    assert unknown.status_code == 400
    assert unknown.json()["NeutronError"]["message"] == "Unrecognized attribute(s) 'colour'"
    assert alice.post("/v2.0/networks", {"network": {"admin_state_up": "maybe"}}).status_code == 400
    assert alice.post("/v2.0/networks", {"network": {"mtu": 10}}).status_code == 400
    assert alice.post("/v2.0/networks", {"nets": {}}).status_code == 400
    assert alice.get("/v2.0/networks/not-a-uuid").status_code == 404


def test_only_admins_share_networks(alice, net_admin):
    refused = alice.post("/v2.0/networks", {"network": {"name": "s", "shared": True}})
    assert refused.status_code == 403
    assert refused.json()["NeutronError"]["message"] == "(rule:create_network:shared) is disallowed by policy"
    assert refused.json()["NeutronError"]["type"] == "PolicyNotAuthorized"
    assert net_admin.post("/v2.0/networks", {"network": {"name": "s", "shared": True}}).status_code == 201


def test_private_networks_are_invisible_to_other_projects(alice, carol, net_admin):
    private = alice.post("/v2.0/networks", {"network": {"name": "private"}}).json()["network"]
    shared = net_admin.post("/v2.0/networks", {"network": {"name": "public", "shared": True}}).json()["network"]
    seen = {network["name"] for network in carol.get("/v2.0/networks").json()["networks"]}
    assert seen == {"public"}
    assert carol.get(f"/v2.0/networks/{private['id']}").status_code == 404
    assert carol.delete(f"/v2.0/networks/{private['id']}").status_code == 404
    assert carol.put(f"/v2.0/networks/{shared['id']}", {"network": {"name": "mine"}}).status_code == 403
    assert {network["name"] for network in net_admin.get("/v2.0/networks").json()["networks"]} == {"private",
                                                                                                   "public"}


def test_list_filters_fields_sorting_and_paging(alice):
    for name in ("b", "a", "c"):
        alice.post("/v2.0/networks", {"network": {"name": name}})
    assert [n["name"] for n in alice.get("/v2.0/networks?name=a&name=c&sort_key=name").json()["networks"]] == \
        ["a", "c"]
    only = alice.get("/v2.0/networks?fields=id&fields=name&sort_key=name&sort_dir=desc").json()["networks"]
    assert [set(n) for n in only] == [{"id", "name"}] * 3 and only[0]["name"] == "c"
    page = alice.get("/v2.0/networks?sort_key=name&limit=2").json()
    assert [n["name"] for n in page["networks"]] == ["a", "b"]
    next_href = page["networks_links"][0]["href"]
    assert "marker=" in next_href
    rest = alice.get(next_href.split("testserver")[-1]).json()
    assert [n["name"] for n in rest["networks"]] == ["c"] and "networks_links" not in rest
    assert alice.get("/v2.0/networks?sort_key=colour").status_code == 400
    assert alice.get("/v2.0/networks?shared=false").json()["networks"].__len__() == 3


def test_quota_on_networks(alice, net_admin):
    assert net_admin.put("/v2.0/quotas/project-a", {"quota": {"network": 1}}).json()["quota"]["network"] == 1
    assert alice.get("/v2.0/quotas/project-a").json()["quota"] == {"network": 1, "subnet": 100, "port": 500}
    assert alice.post("/v2.0/networks", {"network": {"name": "one"}}).status_code == 201
    over = alice.post("/v2.0/networks", {"network": {"name": "two"}})
    assert over.status_code == 409 and over.json()["NeutronError"]["type"] == "OverQuota"
    assert alice.put("/v2.0/quotas/project-a", {"quota": {"network": 5}}).status_code == 403
    assert net_admin.delete("/v2.0/quotas/project-a").status_code == 204
    assert alice.post("/v2.0/networks", {"network": {"name": "two"}}).status_code == 201


def test_a_network_with_ports_cannot_be_deleted(alice, make_subnet):
    network_id, _ = make_subnet(alice)
    alice.post("/v2.0/ports", {"port": {"network_id": network_id}})
    refused = alice.delete(f"/v2.0/networks/{network_id}")
    assert refused.status_code == 409 and refused.json()["NeutronError"]["type"] == "NetworkInUse"
