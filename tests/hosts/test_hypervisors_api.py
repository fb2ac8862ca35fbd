"""os-hypervisors through the Compute API: every route, microversion boundary, policy and error.

Used capacity is Placement's: most tests stand a fake in for the Placement client (`usages`);
the `TestPlacementUsages` tests run a real placement-api and claim through it.
"""
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hosts import compute_nodes
from hosts.models import ComputeNode, Service
from instances.models import Instance
from placement import client as placement_client
from placement.client import PlacementClient
from tests.factories import make_service

INVENTORY = {"VCPU": {"total": 8, "reserved": 0}, "MEMORY_MB": {"total": 16384, "reserved": 512},
             "DISK_GB": {"total": 100, "reserved": 1}}


def make_node(host="compute1", hostname=None, **fields) -> ComputeNode:
    values = {"hypervisor_type": "QEMU", "vcpus": 8, "memory_mb": 16384, "local_gb": 100, "inventory": INVENTORY}
    return ComputeNode.objects.create(host=host, hypervisor_hostname=hostname or f"{host}.example.org",
                                      **(values | fields))


def make_instance(node, name="vm", **fields) -> Instance:
    return Instance.objects.create(display_name=name, project_id="p", user_id="u", reservation_id="r-1",
                                   host=node.host, node=node.hypervisor_hostname, **fields)


class FakePlacement:
    """Answers GET /resource_providers/{uuid}/usages from a dict; counts the calls."""

    def __init__(self, by_provider):
        self.by_provider, self.calls = by_provider, []

    def request(self, method, path, body=None, ok=None):
        self.calls.append(path)
        return {"usages": self.by_provider.get(path.split("/")[2], {})}


@pytest.fixture
def usages(monkeypatch):
    """`usages[str(node.uuid)] = {...}`: what Placement reports; `usages.calls` lists its requests."""
    fake = FakePlacement({})
    monkeypatch.setattr(placement_client, "from_settings", lambda: fake)
    return fake


@pytest.fixture
def node(db):
    make_service("compute1", "nova-compute")
    return make_node()


def listed(api, path, version=None):
    response = api.get(f"/v2.1/{path}", version=version)
    assert response.status_code == 200, response.content
    return response.json()


class TestList:
    def test_at_2_1_ids_are_integers_and_only_the_summary_is_listed(self, admin_api, node):
        assert listed(admin_api, "os-hypervisors") == {"hypervisors": [{
            "id": node.id, "hypervisor_hostname": "compute1.example.org", "state": "up", "status": "enabled"}]}

    def test_from_2_53_ids_are_node_uuids(self, admin_api, node):
        (row,) = listed(admin_api, "os-hypervisors", "2.53")["hypervisors"]
        assert row["id"] == str(node.uuid)

    def test_state_and_status_follow_the_compute_service(self, admin_api, node):
        Service.objects.filter(host="compute1").update(disabled=True, forced_down=True)
        (row,) = listed(admin_api, "os-hypervisors")["hypervisors"]
        assert (row["state"], row["status"]) == ("down", "disabled")

    def test_a_node_whose_service_was_deleted_is_left_out(self, admin_api, node):
        make_node("orphan")
        assert [h["hypervisor_hostname"] for h in listed(admin_api, "os-hypervisors")["hypervisors"]] == [
            "compute1.example.org"]

    def test_from_2_33_pages_with_limit_and_marker_and_a_next_link(self, admin_api, node, usages):
        make_service("compute2", "nova-compute")
        second = make_node("compute2")
        body = listed(admin_api, "os-hypervisors?limit=1", "2.33")
        assert [h["id"] for h in body["hypervisors"]] == [node.id]
        assert body["hypervisors_links"] == [{"rel": "next", "href": (
            f"http://testserver/v2.1/os-hypervisors?limit=1&marker={node.id}")}]
        body = listed(admin_api, f"os-hypervisors/detail?limit=1&marker={node.uuid}", "2.53")
        assert [h["id"] for h in body["hypervisors"]] == [str(second.uuid)]
        assert "marker=" + str(second.uuid) in body["hypervisors_links"][0]["href"]

    def test_before_2_33_limit_is_ignored(self, admin_api, node):
        make_service("compute2", "nova-compute")
        make_node("compute2")
        assert len(listed(admin_api, "os-hypervisors?limit=1", "2.32")["hypervisors"]) == 2

    def test_an_unknown_marker_is_a_400(self, admin_api, node):
        response = admin_api.get(f"/v2.1/os-hypervisors?marker={uuid.uuid4()}", version="2.53")
        assert response.status_code == 400
        assert response.json()["badRequest"]["message"].startswith("marker [")

    def test_the_hostname_pattern_matches_substrings_and_no_match_is_a_404(self, admin_api, node):
        body = listed(admin_api, "os-hypervisors?hypervisor_hostname_pattern=pute1", "2.53")
        assert [h["hypervisor_hostname"] for h in body["hypervisors"]] == ["compute1.example.org"]
        response = admin_api.get("/v2.1/os-hypervisors?hypervisor_hostname_pattern=nothing", version="2.53")
        assert response.status_code == 404
        assert response.json() == {"itemNotFound": {"code": 404,
                                                    "message": "No hypervisor matching 'nothing' could be found."}}

    def test_the_hostname_pattern_with_paging_is_a_400(self, admin_api, node):
        response = admin_api.get("/v2.1/os-hypervisors?hypervisor_hostname_pattern=c&limit=1", version="2.53")
        assert response.status_code == 400
        assert "hypervisor_hostname_pattern query parameter is not supported" in response.json()["badRequest"]["message"]

    def test_from_2_53_unknown_parameters_are_a_400(self, admin_api, node):
        assert admin_api.get("/v2.1/os-hypervisors?foo=1", version="2.52").status_code == 200
        assert admin_api.get("/v2.1/os-hypervisors?foo=1", version="2.53").status_code == 400
        assert admin_api.get("/v2.1/os-hypervisors?with_servers=maybe", version="2.53").status_code == 400

    def test_with_servers_lists_the_non_deleted_servers_and_an_empty_list_from_2_75(self, admin_api, node):
        make_service("compute2", "nova-compute")
        make_node("compute2")
        live = make_instance(node)
        make_instance(node, name="gone", deleted_at=live.created_at)
        rows = listed(admin_api, "os-hypervisors?with_servers=true", "2.53")["hypervisors"]
        assert rows[0]["servers"] == [{"name": live.name, "uuid": str(live.uuid)}]
        assert "servers" not in rows[1]
        rows = listed(admin_api, "os-hypervisors?with_servers=true", "2.75")["hypervisors"]
        assert rows[1]["servers"] == []

    def test_listing_costs_the_same_queries_for_one_node_or_many(self, admin_api, node, usages):
        def count():
            with CaptureQueriesContext(connection) as queries:
                listed(admin_api, "os-hypervisors/detail?with_servers=1", "2.53")
            return len(queries)

        make_instance(node)
        one = count()
        for n in range(2, 6):
            make_service(f"compute{n}", "nova-compute")
            make_instance(make_node(f"compute{n}"))
        assert count() == one


class TestDetail:
    def test_before_2_88_capacity_comes_from_the_node_and_placement(self, admin_api, node, usages):
        usages.by_provider[str(node.uuid)] = {"VCPU": 2, "MEMORY_MB": 1024, "DISK_GB": 10}
        make_instance(node, task_state="spawning")
        make_instance(node)
        (row,) = listed(admin_api, "os-hypervisors/detail", "2.28")["hypervisors"]
        assert row == {
            "id": node.id, "hypervisor_hostname": "compute1.example.org", "state": "up", "status": "enabled",
            "hypervisor_type": "QEMU", "hypervisor_version": None, "host_ip": None,
            "service": {"id": Service.objects.get().id, "host": "compute1", "disabled_reason": None},
            "vcpus": 8, "vcpus_used": 2, "memory_mb": 16384, "memory_mb_used": 1024 + 512,
            "free_ram_mb": 16384 - 1536, "local_gb": 100, "local_gb_used": 11, "free_disk_gb": 89,
            "disk_available_least": 89, "running_vms": 2, "current_workload": 1, "cpu_info": {},
        }

    def test_before_2_28_cpu_info_is_a_string(self, admin_api, node, usages):
        (row,) = listed(admin_api, "os-hypervisors/detail", "2.27")["hypervisors"]
        assert row["cpu_info"] == "{}"

    def test_from_2_88_capacity_is_gone_uptime_appears_and_placement_is_not_asked(self, admin_api, node, usages):
        (row,) = listed(admin_api, "os-hypervisors/detail", "2.88")["hypervisors"]
        assert set(row) == {"id", "hypervisor_hostname", "state", "status", "hypervisor_type",
                            "hypervisor_version", "host_ip", "service", "uptime"}
        assert row["service"]["id"] == str(Service.objects.get().uuid)
        assert usages.calls == []

    def test_placement_is_asked_once_per_node(self, admin_api, node, usages):
        for n in range(2, 5):
            make_service(f"compute{n}", "nova-compute")
            make_node(f"compute{n}")
        assert len(listed(admin_api, "os-hypervisors/detail", "2.87")["hypervisors"]) == 4
        assert len(usages.calls) == 4


class TestShow:
    def test_shows_the_detail_by_id_and_from_2_53_by_uuid(self, admin_api, node, usages):
        assert listed(admin_api, f"os-hypervisors/{node.id}")["hypervisor"]["vcpus"] == 8
        shown = listed(admin_api, f"os-hypervisors/{node.uuid}", "2.53")["hypervisor"]
        assert (shown["id"], shown["memory_mb_used"]) == (str(node.uuid), 512)
        assert usages.calls == [f"/resource_providers/{node.uuid}/usages"] * 2

    def test_with_servers_from_2_53(self, admin_api, node, usages):
        instance = make_instance(node)
        shown = listed(admin_api, f"os-hypervisors/{node.uuid}?with_servers=true", "2.88")["hypervisor"]
        assert shown["servers"] == [{"name": instance.name, "uuid": str(instance.uuid)}]
        assert shown["uptime"] is None
        assert "servers" not in listed(admin_api, f"os-hypervisors/{node.id}?with_servers=true", "2.52")["hypervisor"]

    @pytest.mark.parametrize(("version", "hypervisor_id", "status"), [
        ("2.1", "999", 404), ("2.1", "abc", 404), ("2.53", "abc", 400), ("2.53", str(uuid.uuid4()), 404)])
    def test_unknown_and_malformed_ids(self, admin_api, node, version, hypervisor_id, status):
        response = admin_api.get(f"/v2.1/os-hypervisors/{hypervisor_id}", version=version)
        assert response.status_code == status
        if status == 404:
            assert response.json()["itemNotFound"]["message"] == (
                f"Hypervisor with ID '{hypervisor_id}' could not be found.")
        else:
            assert response.json()["badRequest"]["message"] == "Invalid uuid abc"

    def test_an_integer_id_from_2_53_is_a_400(self, admin_api, node):
        assert admin_api.get(f"/v2.1/os-hypervisors/{node.id}", version="2.53").status_code == 400


class TestRetiredRoutes:
    def test_uptime_is_not_supported_for_an_up_host_and_a_400_for_a_down_one(self, admin_api, node):
        response = admin_api.get(f"/v2.1/os-hypervisors/{node.id}/uptime")
        assert response.status_code == 501
        assert response.json()["notImplemented"]["message"] == "The requested functionality is not supported."
        Service.objects.update(forced_down=True)
        response = admin_api.get(f"/v2.1/os-hypervisors/{node.id}/uptime")
        assert response.json()["badRequest"]["message"] == "Compute service of compute1 is unavailable at this time."

    def test_uptime_and_statistics_are_gone_from_2_88(self, admin_api, node):
        assert admin_api.get(f"/v2.1/os-hypervisors/{node.uuid}/uptime", version="2.88").status_code == 404
        assert admin_api.get("/v2.1/os-hypervisors/statistics", version="2.88").status_code == 404

    def test_statistics_sum_the_enabled_hosts(self, admin_api, node, usages):
        usages.by_provider[str(node.uuid)] = {"VCPU": 1, "MEMORY_MB": 512, "DISK_GB": 1}
        make_instance(node)
        make_service("compute2", "nova-compute", disabled=True)
        make_node("compute2")
        stats = listed(admin_api, "os-hypervisors/statistics", "2.87")["hypervisor_statistics"]
        assert stats == {"count": 1, "vcpus": 8, "vcpus_used": 1, "memory_mb": 16384, "memory_mb_used": 1024,
                         "free_ram_mb": 15360, "local_gb": 100, "local_gb_used": 2, "free_disk_gb": 98,
                         "disk_available_least": 98, "running_vms": 1, "current_workload": 0}

    def test_search_and_servers_until_2_52(self, admin_api, node):
        instance = make_instance(node)
        searched = listed(admin_api, "os-hypervisors/compute1/search")["hypervisors"]
        assert searched == [{"id": node.id, "hypervisor_hostname": "compute1.example.org", "state": "up",
                             "status": "enabled"}]
        (row,) = listed(admin_api, "os-hypervisors/compute1/servers", "2.52")["hypervisors"]
        assert row["servers"] == [{"name": instance.name, "uuid": str(instance.uuid)}]
        assert admin_api.get("/v2.1/os-hypervisors/nothing/search").status_code == 404
        assert admin_api.get("/v2.1/os-hypervisors/compute1/search", version="2.53").status_code == 404


class TestPolicy:
    @pytest.mark.parametrize(("path", "rule"), [
        ("os-hypervisors", "list"), ("os-hypervisors/detail", "list-detail"), ("os-hypervisors/1", "show"),
        ("os-hypervisors/statistics", "statistics"), ("os-hypervisors/1/uptime", "uptime"),
        ("os-hypervisors/c/search", "search"), ("os-hypervisors/c/servers", "servers")])
    def test_members_are_refused_with_novas_rule_names(self, member_api, path, rule):
        response = member_api.get(f"/v2.1/{path}")
        assert response.status_code == 403
        assert response.json()["forbidden"]["message"] == (
            f"Policy doesn't allow os_compute_api:os-hypervisors:{rule} to be performed.")

    def test_an_operator_policy_can_open_the_list(self, member_api, node, policy_file):
        policy_file({"os_compute_api:os-hypervisors:list": "@"})
        assert member_api.get("/v2.1/os-hypervisors").status_code == 200

    def test_the_aggregate_list_is_empty_until_aggregates_exist(self, admin_api, member_api):
        assert listed(admin_api, "os-aggregates") == {"aggregates": []}
        assert member_api.get("/v2.1/os-aggregates").status_code == 403


@pytest.mark.e2e
class TestPlacementUsages:
    """Against a real placement-api: the node's provider and a claim made through Placement's API."""

    @pytest.fixture
    def placed(self, placement_url, settings):
        settings.XCOMPUTE_PLACEMENT_URL = placement_url
        client = PlacementClient(placement_url, settings.XCOMPUTE_PLACEMENT_TOKEN)
        nodes = []
        for n in range(1, 4):
            make_service(f"host{n}", "nova-compute")
            inventory = {"VCPU": {"total": 4, "max_unit": 4, "allocation_ratio": 1.0},
                         "MEMORY_MB": {"total": 4096, "reserved": 256, "max_unit": 4096, "allocation_ratio": 1.0},
                         "DISK_GB": {"total": 40, "max_unit": 40, "allocation_ratio": 1.0}}
            nodes.append(compute_nodes.record_report(f"host{n}", {
                "hypervisor_hostname": f"host{n}", "hypervisor_type": "QEMU", "vcpus": 4, "memory_mb": 4096,
                "disk_gb": 40}, inventory, client))
        return client, nodes

    def test_used_capacity_is_the_claims_in_placement(self, admin_api, placed):
        client, nodes = placed
        assert client.claim(str(uuid.uuid4()), {str(nodes[1].uuid): {"resources": {
            "VCPU": 2, "MEMORY_MB": 1024, "DISK_GB": 5}}}, "p", "u")
        rows = listed(admin_api, "os-hypervisors/detail", "2.87")["hypervisors"]
        assert [(r["vcpus_used"], r["memory_mb_used"], r["local_gb_used"]) for r in rows] == [
            (0, 256, 0), (2, 1280, 5), (0, 256, 0)]
        shown = listed(admin_api, f"os-hypervisors/{nodes[1].uuid}", "2.87")["hypervisor"]
        assert (shown["free_ram_mb"], shown["free_disk_gb"]) == (4096 - 1280, 35)

    def test_placement_down_is_a_503_not_zero_usage(self, admin_api, placed, settings):
        settings.XCOMPUTE_PLACEMENT_URL = "http://127.0.0.1:9"
        response = admin_api.get("/v2.1/os-hypervisors/detail", version="2.87")
        assert response.status_code == 503
        assert "serviceUnavailable" in response.json()
