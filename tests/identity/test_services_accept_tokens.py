"""Every API accepts a token the identity API issued, and the development tokens only when asked for."""
import pytest
from django.test import Client

from identity import tokens
from tests.identity.conftest import DEMO_PASSWORD, issue, password_auth, project_scope

# service -> (path, extra headers)
APIS = {
    "compute": ("/v2.1/servers", {"OpenStack-API-Version": "compute 2.96"}),
    "placement": ("/resource_providers", {"OpenStack-API-Version": "placement 1.39"}),
    "image": ("/v2/images", {}),
    "network": ("/v2.0/networks", {}),
}


@pytest.fixture
def serve(settings, tmp_path):
    """`serve(service, token) -> response`: GET the service's listing as its process would answer it."""
    settings.XCOMPUTE_IMAGE_DIR = str(tmp_path / "images")

    def get(service, token):
        settings.ROOT_URLCONF = f"xcompute_site.urls.{service}"
        settings.XCOMPUTE_API_SERVICE = service
        path, headers = APIS[service]
        return Client().get(path, headers={"X-Auth-Token": token, **headers})

    return get


@pytest.mark.parametrize("service", APIS)
def test_every_api_accepts_an_admin_token_from_the_identity_api(identity, serve, service):
    token = issue(identity, password_auth(scope=project_scope("admin")))
    response = serve(service, token)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("service", ["compute", "image", "network"])
def test_every_tenant_api_accepts_a_members_token(identity, serve, service):
    token = issue(identity, password_auth("demo", DEMO_PASSWORD))
    assert serve(service, token).status_code == 200


@pytest.mark.parametrize("service", APIS)
def test_an_unknown_token_is_401_everywhere(identity, serve, service):
    assert serve(service, "x" * 43).status_code == 401


def test_the_request_context_carries_the_tokens_user_project_and_roles(identity, keystone):
    from openstack_api.auth import IdentityTokenAuthentication

    token = issue(identity, password_auth("demo", DEMO_PASSWORD))
    context, _ = IdentityTokenAuthentication.context_of(token)
    assert (context.user_id, context.user_name) == (keystone["demo"].id, "demo")
    assert (context.project_id, context.project_name) == (keystone["demo_project"].id, "demo")
    assert context.roles == ("member", "reader")


def test_an_unscoped_token_reaches_only_the_identity_api(identity, serve):
    token = issue(identity, password_auth(scope="unscoped"))
    assert serve("compute", token).status_code == 401


def test_development_tokens_are_refused_unless_asked_for(db, serve, settings):
    assert serve("compute", "admin:admin").status_code == 200
    settings.XCOMPUTE_DEVELOPMENT_TOKENS = False
    assert serve("compute", "admin:admin").status_code == 401
    assert serve("placement", "admin").status_code == 401


def test_the_nodes_service_token_is_an_admin_of_every_api(db, serve, settings, monkeypatch):
    from openstack_api import auth

    settings.XCOMPUTE_DEVELOPMENT_TOKENS = False
    monkeypatch.setattr(auth, "_service_token", lambda: "s3rvice-token")
    assert serve("placement", "s3rvice-token").status_code == 200
    assert serve("image", "s3rvice-token").status_code == 200


def test_the_development_token_setting_defaults_on_only_in_the_test_profile(monkeypatch):
    from xcompute_site.env import development_tokens

    monkeypatch.delenv("XCOMPUTE_DEVELOPMENT_TOKENS", raising=False)
    for profile, expected in (("test", True), ("demo", False), ("production", False)):
        monkeypatch.setenv("XCOMPUTE_PROFILE", profile)
        assert development_tokens() is expected
    monkeypatch.setenv("XCOMPUTE_DEVELOPMENT_TOKENS", "true")
    assert development_tokens() is True


def test_the_service_token_is_made_once_and_kept_private(tmp_path, monkeypatch):
    from xcompute_site.env import service_token

    monkeypatch.delenv("XCOMPUTE_SERVICE_TOKEN", raising=False)
    monkeypatch.setenv("XCOMPUTE_VAR_DIR", str(tmp_path))
    first = service_token()
    assert first == service_token() and len(first) >= 40
    assert (tmp_path / "service_token").stat().st_mode & 0o777 == 0o600


def test_tokens_are_forgotten_from_the_cache_when_assignments_change(identity, keystone, settings):
    settings.XCOMPUTE_TOKEN_CACHE_SECONDS = 60
    from openstack_api.auth import IdentityTokenAuthentication

    token = issue(identity, password_auth("demo", DEMO_PASSWORD))
    tokens.cached(token, IdentityTokenAuthentication.context_of)
    assert tokens._cache
    keystone["demo"].assignments.all().delete()
    assert not tokens._cache
