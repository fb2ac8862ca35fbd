"""os-server-groups per microversion, the quotas, and booting into a group with the `group` hint."""
import pytest

from server_groups.models import ServerGroup, ServerGroupMember


def create(api, version="2.64", **group):
    body = {"server_group": {"name": "g1", "policy": "anti-affinity", **group}}
    if version < "2.64":
        body["server_group"].pop("policy")
        body["server_group"].setdefault("policies", ["anti-affinity"])
    return api.post("/v2.1/os-server-groups", body, version=version)


class TestServerGroups:
    def test_a_group_is_created_shown_listed_and_deleted(self, member_api):
        created = create(member_api, rules={"max_server_per_host": 2})
        assert created.status_code == 200, created.content
        group = created.json()["server_group"]
        assert (group["name"], group["policy"], group["rules"], group["members"]) == (
            "g1", "anti-affinity", {"max_server_per_host": 2}, [])
        assert group["project_id"] and group["user_id"] and "policies" not in group
        old = member_api.get(f"/v2.1/os-server-groups/{group['id']}", version="2.1").json()["server_group"]
        assert old == {"id": group["id"], "name": "g1", "policies": ["anti-affinity"], "metadata": {}, "members": []}
        listed = member_api.get("/v2.1/os-server-groups", version="2.64").json()["server_groups"]
        assert [g["id"] for g in listed] == [group["id"]]
        assert member_api.delete(f"/v2.1/os-server-groups/{group['id']}").status_code == 204
        assert member_api.get(f"/v2.1/os-server-groups/{group['id']}").status_code == 404

    def test_policies_and_rules_are_checked_per_microversion(self, member_api):
        assert create(member_api, version="2.14", policies=["soft-affinity"]).status_code == 400
        assert create(member_api, version="2.15", policies=["soft-affinity"]).status_code == 200
        assert create(member_api, version="2.1", policies=["affinity", "anti-affinity"]).status_code == 400
        refused = create(member_api, policy="affinity", rules={"max_server_per_host": 2})
        assert refused.json()["badRequest"]["message"] == "Only anti-affinity policy supports rules."
        assert create(member_api, rules={"max_server_per_host": 0}).status_code == 400
        assert create(member_api, policy="spread").status_code == 400

    def test_other_projects_groups_are_not_found_and_admins_list_them_with_all_projects(
            self, member_api, admin_api):
        group_id = create(member_api).json()["server_group"]["id"]
        other = create(admin_api).json()["server_group"]["id"]
        assert member_api.get(f"/v2.1/os-server-groups/{other}").status_code == 404
        assert [g["id"] for g in admin_api.get("/v2.1/os-server-groups").json()["server_groups"]] == [other]
        every = admin_api.get("/v2.1/os-server-groups?all_projects=True").json()["server_groups"]
        assert {g["id"] for g in every} == {group_id, other}
        assert admin_api.get("/v2.1/os-server-groups?bogus=1", version="2.75").status_code == 400

    def test_a_project_has_at_most_its_quota_of_groups(self, member_api, settings):
        settings.XCOMPUTE_QUOTA_SERVER_GROUPS = 2
        assert [create(member_api).status_code for _ in range(3)] == [200, 200, 403]
        assert ServerGroup.objects.count() == 2

    def test_the_group_quotas_are_the_projects_own_when_an_admin_set_them(self, member_api, admin_api, boot):
        admin_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {"server_groups": 1,
                                                                      "server_group_members": 1}})
        group = create(member_api).json()["server_group"]
        assert create(member_api).status_code == 403
        assert create(admin_api).status_code == 200  # the admin project keeps the default
        assert boot(min_count=2, max_count=2, hints={"group": group["id"]}).status_code == 403


class TestBootingIntoAGroup:
    @pytest.fixture
    def group(self, member_api):
        return create(member_api).json()["server_group"]

    def test_the_group_hint_makes_the_servers_members_and_hands_the_policy_to_the_scheduler(
            self, boot, build_chain, group, member_api):
        response = boot(min_count=2, max_count=2, hints={"group": group["id"]})
        assert response.status_code == 202, response.content
        (rows, spec) = build_chain.started[0]
        assert spec["server_group"] == {"uuid": group["id"], "policy": "anti-affinity", "rules": {},
                                        "members_hosts": {}}
        shown = member_api.get(f"/v2.1/os-server-groups/{group['id']}").json()["server_group"]
        assert sorted(shown["members"]) == sorted(str(row.uuid) for row in rows)

    def test_an_unknown_or_malformed_group_or_host_hint_is_a_400(self, boot, build_chain):
        unknown = boot(hints={"group": "7c9c1b6c-0000-4000-8000-000000000000"})
        assert unknown.json()["badRequest"]["message"] == (
            "Instance group 7c9c1b6c-0000-4000-8000-000000000000 could not be found.")
        assert boot(hints={"group": "not-a-uuid"}).status_code == 400
        assert boot(hints={"same_host": "nope"}).status_code == 400
        assert boot(hints={"different_host": ["nope"]}).status_code == 400
        assert not build_chain.started

    def test_a_group_holds_at_most_its_quota_of_members(self, boot, build_chain, group, settings):
        settings.XCOMPUTE_QUOTA_SERVER_GROUP_MEMBERS = 3
        assert boot(min_count=2, max_count=2, hints={"group": group["id"]}).status_code == 202
        refused = boot(min_count=2, max_count=2, hints={"group": group["id"]})
        assert refused.status_code == 403
        assert refused.json()["forbidden"]["message"] == "Quota exceeded, too many servers in group"
        assert ServerGroupMember.objects.count() == 2
