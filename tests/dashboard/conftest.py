"""The dashboard's URL map, identity users to sign in with, and a signed-in operator."""
import pytest
from django.test import Client

from identity import services

PASSWORD = "s3cret-password"


@pytest.fixture(autouse=True)
def dashboard_urls(settings):
    settings.ROOT_URLCONF = "xcompute_site.urls.dashboard"


@pytest.fixture
def identity_users(db):
    """`ops` holds admin on project `admin`; `alice` is a member of `demo`."""
    services.default_domain()
    services.builtin_roles()
    admin_project, demo = services.project("admin"), services.project("demo")
    ops = services.user("ops", PASSWORD, default_project=admin_project)
    services.grant(ops, "admin", project=admin_project)
    alice = services.user("alice", PASSWORD, default_project=demo)
    services.grant(alice, "member", project=demo)
    return {"ops": ops, "alice": alice}


def sign_in(client: Client, username: str, password: str = PASSWORD):
    return client.post("/login/", {"username": username, "password": password, "next": "/"})


@pytest.fixture
def operator(identity_users):
    client = Client()
    response = sign_in(client, "ops")
    assert response.status_code == 302, response.content
    return client
