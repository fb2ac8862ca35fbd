"""GET /servers and /servers/detail: filters, sorting, marker pagination, scoping, constant queries."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from instances.models import Instance
from tests.instances.factories import make_instance, soft_deleted


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [server["name"] for server in response.json()["servers"]]


@pytest.fixture
def three(db):
    """web1 (active, tag a), web2 (error, tags a b), db1 (stopped) in project-a, newest last; other in project-b."""
    rows = [make_instance("web1", tags=["a"]), make_instance("web2", vm_state="error", tags=["a", "b"]),
            make_instance("db1", vm_state="stopped", locked=True)]
    make_instance("other", project_id="project-b", host="node9")
    return rows


class TestScoping:
    def test_a_member_lists_only_its_projects_servers_newest_first(self, member_api, three):
        assert names(member_api.get("/v2.1/servers")) == ["db1", "web2", "web1"]

    def test_all_tenants_is_for_admins_and_a_403_for_others(self, member_api, admin_api, three):
        assert member_api.get("/v2.1/servers?all_tenants=1").status_code == 403
        assert len(names(admin_api.get("/v2.1/servers/detail?all_tenants=1"))) == 4
        assert names(admin_api.get("/v2.1/servers?all_tenants=1&tenant_id=project-b")) == ["other"]

    def test_deleted_servers_are_hidden_unless_an_admin_asks_or_changes_since_is_given(
            self, member_api, admin_api, three):
        soft_deleted(three[0])
        assert names(member_api.get("/v2.1/servers")) == ["db1", "web2"]
        assert names(admin_api.get("/v2.1/servers?all_tenants=1&deleted=true")) == ["web1"]
        since = (timezone.now() - timedelta(hours=1)).isoformat().replace("+00:00", "Z")
        listed = member_api.get(f"/v2.1/servers/detail?changes-since={since}").json()["servers"]
        assert {s["name"]: s["status"] for s in listed}["web1"] == "DELETED"

    def test_non_admin_filters_on_host_are_ignored(self, member_api, three):
        assert len(names(member_api.get("/v2.1/servers?host=nowhere"))) == 3


class TestFilters:
    @pytest.mark.parametrize("query, expected", [
        ("name=web", ["web2", "web1"]),
        ("name=^db", ["db1"]),
        ("status=ERROR", ["web2"]),
        ("status=shutoff", ["db1"]),
    ])
    def test_name_regex_and_status_filters(self, member_api, three, query, expected):
        assert names(member_api.get(f"/v2.1/servers?{query}")) == expected

    def test_an_unknown_status_is_a_400_from_2_38_and_an_empty_list_before(self, member_api, three):
        assert names(member_api.get("/v2.1/servers?status=NOPE", version="2.37")) == []
        assert member_api.get("/v2.1/servers?status=NOPE", version="2.38").status_code == 400

    def test_flavor_and_image_filters(self, member_api, three):
        flavorid = three[1].flavor["flavorid"]
        assert names(member_api.get(f"/v2.1/servers?flavor={flavorid}")) == ["web2"]
        assert names(member_api.get(f"/v2.1/servers?image={three[2].image_ref}")) == ["db1"]

    @pytest.mark.parametrize("query, expected", [
        ("tags=a,b", ["web2"]), ("tags-any=a,b", ["web2", "web1"]),
        ("not-tags=a,b", ["db1", "web1"]), ("not-tags-any=a", ["db1"]),
    ])
    def test_tag_filters_from_2_26(self, member_api, three, query, expected):
        assert names(member_api.get(f"/v2.1/servers?{query}", version="2.26")) == expected

    def test_locked_filter_from_2_73_and_changes_before_from_2_66(self, member_api, three):
        assert names(member_api.get("/v2.1/servers?locked=true", version="2.73")) == ["db1"]
        assert len(names(member_api.get("/v2.1/servers?locked=true", version="2.72"))) == 3
        past = "2000-01-01T00:00:00Z"
        assert names(member_api.get(f"/v2.1/servers?changes-before={past}", version="2.66")) == []

    def test_a_malformed_changes_since_is_a_400(self, member_api, three):
        response = member_api.get("/v2.1/servers?changes-since=yesterday")
        assert response.status_code == 400
        assert "is not a 'date-time'" in response.json()["badRequest"]["message"]


class TestSortingAndPaging:
    def test_sort_by_name_ascending(self, member_api, three):
        assert names(member_api.get("/v2.1/servers?sort_key=display_name&sort_dir=asc")) == ["db1", "web1", "web2"]

    def test_non_admins_cannot_sort_by_host(self, member_api, three):
        response = member_api.get("/v2.1/servers?sort_key=host")
        assert response.status_code == 403
        assert response.json()["forbidden"]["message"] == "Only administrators can sort servers by host"

    def test_pages_follow_the_next_link_until_the_last_partial_page(self, member_api, three):
        first = member_api.get("/v2.1/servers?limit=2&sort_key=display_name&sort_dir=asc").json()
        assert [s["name"] for s in first["servers"]] == ["db1", "web1"]
        href = first["servers_links"][0]["href"]
        assert href.startswith("http://testserver/v2.1/servers?limit=2&sort_dir=asc&sort_key=display_name&marker=")
        second = member_api.get(href.replace("http://testserver", "")).json()
        assert [s["name"] for s in second["servers"]] == ["web2"] and "servers_links" not in second

    def test_an_unknown_marker_is_a_400(self, member_api, three):
        response = member_api.get("/v2.1/servers?marker=00000000-0000-0000-0000-000000000000")
        assert response.json()["badRequest"]["message"] == "marker [00000000-0000-0000-0000-000000000000] not found"


def test_the_detail_list_costs_the_same_queries_for_2_and_20_servers(admin_api, db):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = admin_api.get("/v2.1/servers/detail?all_tenants=1", version="latest")
        assert response.status_code == 200
        return len(queries), len(response.json()["servers"])

    for i in range(2):
        make_instance(f"s{i}", metadata={"k": "v"}, tags=["t"], host="node1", vm_state="error",
                      fault={"message": "boom"})
    few = count()
    for i in range(2, 20):
        make_instance(f"s{i}", metadata={"k": "v"}, tags=["t"], host=f"node{i}", vm_state="error",
                      fault={"message": "boom"})
    many = count()
    assert (few[1], many[1]) == (2, 20)
    assert few[0] == many[0]
    assert Instance.objects.count() == 20
