"""Application credentials: made by their user on a project token, shown once with their secret, used to log in."""
from datetime import timedelta

from django.utils import timezone

from identity.models import ApplicationCredential
from tests.identity.conftest import DEMO_PASSWORD, issue, password_auth


def app_cred_auth(**credential) -> dict:
    return {"auth": {"identity": {"methods": ["application_credential"], "application_credential": credential}}}


def test_a_user_creates_lists_uses_and_deletes_an_application_credential(identity, keystone):
    demo = identity.as_token(issue(identity, password_auth("demo", DEMO_PASSWORD)))
    path = f"/v3/users/{keystone['demo'].id}/application_credentials"
    response = demo.post(path, {"application_credential": {"name": "ci", "roles": [{"name": "reader"}]}})
    assert response.status_code == 201
    created = response.json()["application_credential"]
    assert created["project_id"] == keystone["demo_project"].id and created["secret"]
    assert [r["name"] for r in created["roles"]] == ["reader"]
    assert created["secret"] not in ApplicationCredential.objects.get().secret_hash
    listed = demo.get(path).json()["application_credentials"]
    assert [c["name"] for c in listed] == ["ci"] and "secret" not in listed[0]

    by_id = identity.post("/v3/auth/tokens", app_cred_auth(id=created["id"], secret=created["secret"]))
    assert by_id.status_code == 201
    token = by_id.json()["token"]
    assert token["methods"] == ["application_credential"] and token["project"]["name"] == "demo"
    assert [r["name"] for r in token["roles"]] == ["reader"]
    assert token["application_credential"]["id"] == created["id"]
    by_name = app_cred_auth(name="ci", secret=created["secret"], user={"name": "demo", "domain": {"id": "default"}})
    assert identity.post("/v3/auth/tokens", by_name).status_code == 201
    assert identity.post("/v3/auth/tokens", app_cred_auth(id=created["id"], secret="wrong")).status_code == 401

    assert demo.delete(f"{path}/{created['id']}").status_code == 204
    assert identity.post("/v3/auth/tokens", app_cred_auth(id=created["id"], secret=created["secret"])).status_code \
        == 401


def test_an_application_credential_cannot_carry_a_role_its_user_lacks(identity, keystone):
    demo = identity.as_token(issue(identity, password_auth("demo", DEMO_PASSWORD)))
    response = demo.post(f"/v3/users/{keystone['demo'].id}/application_credentials",
                         {"application_credential": {"name": "up", "roles": [{"name": "admin"}]}})
    assert response.status_code == 403


def test_an_expired_application_credential_no_longer_logs_in(identity, keystone):
    demo = identity.as_token(issue(identity, password_auth("demo", DEMO_PASSWORD)))
    created = demo.post(f"/v3/users/{keystone['demo'].id}/application_credentials",
                        {"application_credential": {"name": "old"}}).json()["application_credential"]
    ApplicationCredential.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert identity.post("/v3/auth/tokens", app_cred_auth(id=created["id"], secret=created["secret"])).status_code \
        == 401
