"""Projects, users, roles, grants and role assignments, as `openstack project/user/role` use them."""
from identity.models import User
from tests.identity.conftest import DEMO_PASSWORD, issue, password_auth, project_scope


def create(api, collection, body) -> dict:
    singular = collection.rstrip("s")
    response = api.post(f"/v3/{collection}", {singular: body})
    assert response.status_code == 201, response.content
    return response.json()[singular]


def test_the_admin_creates_lists_shows_updates_and_deletes_a_project(admin_identity):
    project = create(admin_identity, "projects", {"name": "p1", "description": "first"})
    assert project["domain_id"] == "default" and project["enabled"] is True and project["is_domain"] is False
    assert project["links"]["self"] == f"http://testserver/v3/projects/{project['id']}"
    names = [p["name"] for p in admin_identity.get("/v3/projects").json()["projects"]]
    assert names == ["admin", "demo", "p1"]
    assert admin_identity.get("/v3/projects?name=p1").json()["projects"][0]["id"] == project["id"]
    assert admin_identity.patch(f"/v3/projects/{project['id']}", {"project": {"enabled": False}}).json()[
        "project"]["enabled"] is False
    assert admin_identity.delete(f"/v3/projects/{project['id']}").status_code == 204
    missing = admin_identity.get(f"/v3/projects/{project['id']}")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == f"Could not find project: {project['id']}."


def test_a_duplicate_project_name_is_a_conflict(admin_identity):
    response = admin_identity.post("/v3/projects", {"project": {"name": "demo"}})
    assert response.status_code == 409 and response.json()["error"]["title"] == "Conflict"


def test_a_user_is_created_with_a_password_and_a_default_project_and_can_log_in(admin_identity, identity):
    demo = admin_identity.get("/v3/projects?name=demo").json()["projects"][0]
    user = create(admin_identity, "users", {"name": "u1", "password": "x", "default_project_id": demo["id"]})
    assert user["default_project_id"] == demo["id"] and "password" not in user
    assert User.objects.get(id=user["id"]).password.startswith("pbkdf2")
    assert identity.post("/v3/auth/tokens", password_auth("u1", "x", scope="unscoped")).status_code == 201
    assert [u["name"] for u in admin_identity.get("/v3/users").json()["users"]] == ["admin", "demo", "u1"]
    assert admin_identity.delete(f"/v3/users/{user['id']}").status_code == 204
    assert identity.post("/v3/auth/tokens", password_auth("u1", "x")).status_code == 401


def test_a_member_may_not_administer_but_may_see_itself(identity, keystone):
    member = identity.as_token(issue(identity, password_auth("demo", DEMO_PASSWORD)))
    refused = member.post("/v3/projects", {"project": {"name": "mine"}})
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == (
        "You are not authorized to perform the requested action: identity:create_project.")
    assert member.get(f"/v3/users/{keystone['demo'].id}").json()["user"]["name"] == "demo"
    assert member.get(f"/v3/users/{keystone['admin'].id}").status_code == 403
    assert [p["name"] for p in member.get(f"/v3/users/{keystone['demo'].id}/projects").json()["projects"]] == ["demo"]


def test_a_role_granted_on_a_project_lets_the_user_scope_to_it_and_removing_it_does_not(admin_identity, identity,
                                                                                        keystone):
    project = create(admin_identity, "projects", {"name": "p"})
    user = create(admin_identity, "users", {"name": "u", "password": "x"})
    member = admin_identity.get("/v3/roles?name=member").json()["roles"][0]
    grant = f"/v3/projects/{project['id']}/users/{user['id']}/roles/{member['id']}"
    assert admin_identity.put(grant).status_code == 204
    assert admin_identity.head(grant).status_code == 204
    listed = admin_identity.get(f"/v3/projects/{project['id']}/users/{user['id']}/roles").json()["roles"]
    assert [r["name"] for r in listed] == ["member"]
    token = identity.post("/v3/auth/tokens", password_auth("u", "x", scope=project_scope("p"))).json()["token"]
    assert [r["name"] for r in token["roles"]] == ["member", "reader"]
    assert admin_identity.delete(grant).status_code == 204
    assert admin_identity.head(grant).status_code == 404
    assert identity.post("/v3/auth/tokens", password_auth("u", "x", scope=project_scope("p"))).status_code == 401


def test_role_assignments_filter_and_include_names(admin_identity, keystone):
    everything = admin_identity.get("/v3/role_assignments").json()["role_assignments"]
    assert len(everything) == 3  # admin on admin, admin on the system, demo member on demo
    body = admin_identity.get(f"/v3/role_assignments?user.id={keystone['demo'].id}&include_names=True").json()
    (assignment,) = body["role_assignments"]
    assert assignment["role"] == {"id": keystone["roles"]["member"].id, "name": "member"}
    assert assignment["user"] == {"id": keystone["demo"].id, "name": "demo",
                                  "domain": {"id": "default", "name": "Default"}}
    assert assignment["scope"]["project"]["name"] == "demo"
    assert assignment["links"]["assignment"].endswith(
        f"/v3/projects/{keystone['demo_project'].id}/users/{keystone['demo'].id}/roles/{keystone['roles']['member'].id}")
    by_project = admin_identity.get(f"/v3/role_assignments?scope.project.id={keystone['admin_project'].id}").json()
    assert [a["user"]["id"] for a in by_project["role_assignments"]] == [keystone["admin"].id]
    system = admin_identity.get("/v3/role_assignments?scope.system=all").json()["role_assignments"]
    assert system[0]["scope"] == {"system": {"all": True}}
    effective = admin_identity.get(f"/v3/role_assignments?user.id={keystone['demo'].id}&effective").json()
    assert sorted(a["role"]["id"] for a in effective["role_assignments"]) == sorted(
        [keystone["roles"]["member"].id, keystone["roles"]["reader"].id])


def test_roles_are_created_listed_and_deleted(admin_identity):
    role = create(admin_identity, "roles", {"name": "operator"})
    assert "operator" in [r["name"] for r in admin_identity.get("/v3/roles").json()["roles"]]
    assert admin_identity.get(f"/v3/roles/{role['id']}").json()["role"]["name"] == "operator"
    assert admin_identity.delete(f"/v3/roles/{role['id']}").status_code == 204


def test_the_default_domain_is_listed_and_shown(admin_identity):
    assert admin_identity.get("/v3/domains/default").json()["domain"]["name"] == "Default"
    assert [d["id"] for d in admin_identity.get("/v3/domains").json()["domains"]] == ["default"]


def test_granting_a_role_twice_makes_one_assignment_and_the_database_refuses_a_duplicate(admin_identity, keystone):
    import pytest
    from django.db import IntegrityError, transaction

    from identity.models import RoleAssignment

    member = keystone["roles"]["member"]
    grant = f"/v3/projects/{keystone['demo_project'].id}/users/{keystone['demo'].id}/roles/{member.id}"
    assert admin_identity.put(grant).status_code == admin_identity.put(grant).status_code == 204
    assert RoleAssignment.objects.filter(user=keystone["demo"]).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(role=member, user=keystone["demo"], project=keystone["demo_project"])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(role=keystone["roles"]["admin"], user=keystone["admin"], system=True)


def test_a_user_changes_its_own_password_and_its_tokens_die_with_the_old_one(identity, keystone):
    token = issue(identity, password_auth("demo", DEMO_PASSWORD))
    demo = identity.as_token(token)
    path = f"/v3/users/{keystone['demo'].id}/password"
    wrong = demo.post(path, {"user": {"original_password": "nope", "password": "new-one"}})
    assert wrong.status_code == 401
    assert demo.post(path, {"user": {"original_password": DEMO_PASSWORD, "password": "new-one"}}).status_code == 204
    assert demo.get("/v3/auth/catalog").status_code == 401
    assert identity.post("/v3/auth/tokens", password_auth("demo", DEMO_PASSWORD)).status_code == 401
    assert identity.post("/v3/auth/tokens", password_auth("demo", "new-one")).status_code == 201


def test_nobody_changes_another_users_password_this_way(admin_identity, keystone):
    path = f"/v3/users/{keystone['demo'].id}/password"
    response = admin_identity.post(path, {"user": {"original_password": DEMO_PASSWORD, "password": "x"}})
    assert response.status_code == 403
