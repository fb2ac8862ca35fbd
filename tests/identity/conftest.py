"""The Identity API under the test client, with the records bootstrap makes."""
import json

import pytest

from identity import services, tokens

ADMIN_PASSWORD = "admin-secret"
DEMO_PASSWORD = "demo-secret"


class IdentityClient:
    """Speaks JSON to the identity URL map; `token` is sent as X-Auth-Token."""

    def __init__(self, client, token=None):
        self.client, self.token = client, token

    def headers(self, subject=None):
        headers = {"X-Auth-Token": self.token} if self.token else {}
        if subject:
            headers["X-Subject-Token"] = subject
        return headers

    def request(self, method, path, body=None, subject=None, **extra):
        kwargs = {"content_type": "application/json", "headers": {**self.headers(subject), **extra}}
        if body is not None:
            kwargs["data"] = json.dumps(body)
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path, **kwargs):
        return self.request("get", path, **kwargs)

    def head(self, path, **kwargs):
        return self.request("head", path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request("post", path, body, **kwargs)

    def put(self, path, body=None, **kwargs):
        return self.request("put", path, body, **kwargs)

    def patch(self, path, body=None, **kwargs):
        return self.request("patch", path, body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("delete", path, **kwargs)

    def as_token(self, token):
        return IdentityClient(self.client, token)


def password_auth(user="admin", password=ADMIN_PASSWORD, scope=None, by_id=False) -> dict:
    user_ref = {"id": user} if by_id else {"name": user, "domain": {"id": "default"}}
    auth = {"identity": {"methods": ["password"], "password": {"user": {**user_ref, "password": password}}}}
    if scope is not None:
        auth["scope"] = scope
    return {"auth": auth}


def project_scope(name) -> dict:
    return {"project": {"name": name, "domain": {"name": "Default"}}}


@pytest.fixture(autouse=True)
def fresh_token_cache(settings):
    """No validation outlives a test; most tests see revocations at once."""
    settings.XCOMPUTE_TOKEN_CACHE_SECONDS = 0
    tokens.forget_cached()
    yield
    tokens.forget_cached()


@pytest.fixture
def identity_urls(settings):
    settings.ROOT_URLCONF = "xcompute_site.urls.identity"
    settings.XCOMPUTE_API_SERVICE = "identity"


@pytest.fixture
def keystone(db):
    """What bootstrap makes: admin on project admin and the system, demo a member of demo."""
    services.default_domain()
    roles = services.builtin_roles()
    admin_project, demo_project = services.project("admin"), services.project("demo")
    admin = services.user("admin", ADMIN_PASSWORD, default_project=admin_project)
    services.grant(admin, "admin", project=admin_project)
    services.grant(admin, "admin", system=True)
    demo = services.user("demo", DEMO_PASSWORD, default_project=demo_project)
    services.grant(demo, "member", project=demo_project)
    return {"admin": admin, "demo": demo, "admin_project": admin_project, "demo_project": demo_project,
            "roles": roles}


@pytest.fixture
def identity(client, identity_urls, keystone):
    """An anonymous client of the identity API (tokens are asked for with `issue`)."""
    return IdentityClient(client)


def issue(identity, body) -> str:
    response = identity.post("/v3/auth/tokens", body)
    assert response.status_code == 201, response.content
    return response["X-Subject-Token"]


@pytest.fixture
def admin_identity(identity):
    return identity.as_token(issue(identity, password_auth(scope=project_scope("admin"))))
