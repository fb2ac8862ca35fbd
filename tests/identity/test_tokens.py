"""POST/GET/HEAD/DELETE /v3/auth/tokens: issue, validate, check, revoke, expire, scope and rescope."""
from datetime import timedelta

import pytest
from django.utils import timezone

from identity.models import Token
from tests.identity.conftest import DEMO_PASSWORD, issue, password_auth, project_scope


def test_a_password_login_scoped_to_a_project_returns_the_token_in_a_header_and_its_body(identity, keystone):
    response = identity.post("/v3/auth/tokens", password_auth(scope=project_scope("admin")))
    assert response.status_code == 201
    value = response["X-Subject-Token"]
    token = response.json()["token"]
    assert token["methods"] == ["password"]
    assert token["user"]["id"] == keystone["admin"].id and token["user"]["domain"] == {"id": "default",
                                                                                      "name": "Default"}
    assert token["project"] == {"id": keystone["admin_project"].id, "name": "admin",
                                "domain": {"id": "default", "name": "Default"}}
    assert [role["name"] for role in token["roles"]] == ["admin", "member", "reader"]
    assert token["expires_at"].endswith("Z") and token["issued_at"].endswith("Z") and len(token["audit_ids"]) == 1
    types = {entry["type"]: entry for entry in token["catalog"]}
    assert set(types) == {"identity", "compute", "placement", "image", "network"}
    public = {e["interface"]: e for e in types["compute"]["endpoints"]}["public"]
    assert public["url"] == "http://127.0.0.1:8774/v2.1" and public["region"] == "RegionOne"
    # Stored only as a hash.
    assert not Token.objects.filter(token_hash=value).exists() and Token.objects.count() == 1


def test_a_user_may_be_named_by_id_and_a_project_by_id(identity, keystone):
    body = password_auth(keystone["demo"].id, DEMO_PASSWORD, by_id=True,
                         scope={"project": {"id": keystone["demo_project"].id}})
    response = identity.post("/v3/auth/tokens", body)
    assert response.status_code == 201
    assert [role["name"] for role in response.json()["token"]["roles"]] == ["member", "reader"]


def test_without_a_scope_the_token_is_scoped_to_the_default_project(identity, keystone):
    token = identity.post("/v3/auth/tokens", password_auth("demo", DEMO_PASSWORD)).json()["token"]
    assert token["project"]["id"] == keystone["demo_project"].id


def test_an_unscoped_token_carries_no_roles_nor_catalog(identity):
    token = identity.post("/v3/auth/tokens", password_auth(scope="unscoped")).json()["token"]
    assert "project" not in token and "roles" not in token and "catalog" not in token


def test_a_domain_scoped_token_needs_a_role_on_the_domain(identity, keystone):
    from identity import services

    scope = {"domain": {"id": "default"}}
    response = identity.post("/v3/auth/tokens", password_auth(scope=scope))
    assert response.status_code == 401
    services.grant(keystone["admin"], "admin", domain=keystone["admin_project"].domain)
    token = identity.post("/v3/auth/tokens", password_auth(scope=scope)).json()["token"]
    assert token["domain"] == {"id": "default", "name": "Default"} and "project" not in token


def test_a_system_scoped_token_says_so(identity):
    token = identity.post("/v3/auth/tokens", password_auth(scope={"system": {"all": True}})).json()["token"]
    assert token["system"] == {"all": True} and token["roles"][0]["name"] == "admin"


def test_a_project_the_user_has_no_role_on_is_refused(identity):
    response = identity.post("/v3/auth/tokens", password_auth("demo", DEMO_PASSWORD, scope=project_scope("admin")))
    assert response.status_code == 401
    assert response.json()["error"]["title"] == "Unauthorized"


def test_a_token_is_rescoped_with_the_token_method_keeping_its_expiry_and_audit_chain(identity, admin_identity):
    unscoped = identity.post("/v3/auth/tokens", password_auth(scope="unscoped"))
    original = unscoped.json()["token"]
    body = {"auth": {"identity": {"methods": ["token"], "token": {"id": unscoped["X-Subject-Token"]}},
                     "scope": project_scope("demo")}}
    identity_admin_on_demo = admin_identity.put  # the admin grants itself member on demo first
    demo = admin_identity.get("/v3/projects?name=demo").json()["projects"][0]
    admin_user = original["user"]["id"]
    role = admin_identity.get("/v3/roles?name=member").json()["roles"][0]
    assert identity_admin_on_demo(f"/v3/projects/{demo['id']}/users/{admin_user}/roles/{role['id']}").status_code == 204
    response = identity.post("/v3/auth/tokens", body)
    assert response.status_code == 201
    token = response.json()["token"]
    assert token["methods"] == ["token", "password"] and token["project"]["name"] == "demo"
    assert token["expires_at"] == original["expires_at"]
    assert token["audit_ids"][1] == original["audit_ids"][0]


def test_validate_check_and_revoke(identity, admin_identity):
    subject = issue(identity, password_auth("demo", DEMO_PASSWORD))
    shown = admin_identity.get("/v3/auth/tokens", subject=subject)
    assert shown.status_code == 200 and shown["X-Subject-Token"] == subject
    assert shown.json()["token"]["user"]["name"] == "demo"
    assert admin_identity.head("/v3/auth/tokens", subject=subject).status_code == 200
    assert admin_identity.delete("/v3/auth/tokens", subject=subject).status_code == 204
    gone = admin_identity.get("/v3/auth/tokens", subject=subject)
    assert gone.status_code == 404
    assert gone.json() == {"error": {"code": 404, "title": "Not Found", "message": "Failed to validate token"}}
    assert admin_identity.head("/v3/auth/tokens", subject=subject).status_code == 404


def test_a_user_validates_its_own_token_but_not_anothers(identity):
    own = identity.as_token(issue(identity, password_auth("demo", DEMO_PASSWORD)))
    assert own.get("/v3/auth/tokens", subject=own.token).status_code == 200
    other = issue(identity, password_auth())
    assert own.get("/v3/auth/tokens", subject=other).status_code == 403


def test_a_token_expires_after_the_configured_lifetime(identity, settings):
    settings.XCOMPUTE_TOKEN_EXPIRATION = 60
    response = identity.post("/v3/auth/tokens", password_auth("demo", DEMO_PASSWORD))
    subject = response["X-Subject-Token"]
    record = Token.objects.get()
    assert record.expires_at - record.issued_at == timedelta(seconds=60)
    caller = identity.as_token(subject)
    assert caller.get("/v3/auth/catalog").status_code == 200
    Token.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert caller.get("/v3/auth/catalog").status_code == 401


@pytest.mark.parametrize("path", ["/", "/v3"])
def test_the_version_documents_answer_without_a_token(identity, path):
    response = identity.get(path)
    assert response.status_code in (200, 300)
    body = response.json()
    version = body["version"] if "version" in body else body["versions"]["values"][0]
    assert version["id"].startswith("v3") and version["status"] == "stable"
    assert version["links"][0]["href"] == "http://testserver/v3/"


def test_the_catalog_and_the_projects_a_token_may_be_scoped_to(identity):
    caller = identity.as_token(issue(identity, password_auth("demo", DEMO_PASSWORD)))
    catalog = caller.get("/v3/auth/catalog").json()["catalog"]
    assert {entry["name"] for entry in catalog} == {"keystone", "nova", "placement", "glance", "neutron"}
    assert [p["name"] for p in caller.get("/v3/auth/projects").json()["projects"]] == ["demo"]


def test_errors_are_in_keystones_shape(identity):
    response = identity.get("/v3/projects")
    assert response.status_code == 401
    assert response.json() == {"error": {"code": 401, "title": "Unauthorized",
                                         "message": "The request you have made requires authentication."}}
    assert response["x-openstack-request-id"].startswith("req-")
    assert identity.get("/v3/nowhere").json()["error"]["code"] == 404


def test_expired_tokens_of_a_user_are_dropped_when_it_logs_in_again(identity):
    issue(identity, password_auth("demo", DEMO_PASSWORD))
    Token.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    issue(identity, password_auth("demo", DEMO_PASSWORD))
    assert Token.objects.count() == 1


def test_services_endpoints_and_regions_list_the_catalog(admin_identity):
    services = admin_identity.get("/v3/services").json()["services"]
    assert {s["type"] for s in services} == {"identity", "compute", "placement", "image", "network"}
    compute = next(s for s in services if s["type"] == "compute")
    endpoints = admin_identity.get(f"/v3/endpoints?service_id={compute['id']}&interface=public").json()["endpoints"]
    assert [e["url"] for e in endpoints] == ["http://127.0.0.1:8774/v2.1"]
    assert admin_identity.get("/v3/regions").json()["regions"][0]["id"] == "RegionOne"
    assert admin_identity.get("/v3/regions/Elsewhere").status_code == 404
