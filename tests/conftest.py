"""Shared fixtures: API clients with development tokens, and clocks that move without waiting."""
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hosts import health
from openstack_api import policy

ADMIN_TOKEN = "admin:admin"
MEMBER_TOKEN = "alice:project-a"
READER_TOKEN = "bob:project-a:reader"


class APIClient:
    """A Django test client speaking JSON with a token and an optional microversion."""

    service_type = "compute"

    def __init__(self, token=ADMIN_TOKEN, version=None):
        self.client = Client()
        self.token, self.version = token, version

    def headers(self, version=None):
        headers = {"X-Auth-Token": self.token} if self.token else {}
        version = version or self.version
        if version:
            headers["OpenStack-API-Version"] = f"{self.service_type} {version}"
        return headers

    def request(self, method, path, body=None, version=None, raw=None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs = {"content_type": "application/json", "headers": self.headers(version)}
        if data is not None:
            kwargs["data"] = data
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path, **kwargs):
        return self.request("get", path, **kwargs)

    def put(self, path, body=None, **kwargs):
        return self.request("put", path, body, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("delete", path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request("post", path, body, **kwargs)


class PlacementClient(APIClient):
    """Speaks to the Placement URL map; `version` is a placement microversion such as "1.39"."""

    service_type = "placement"


IN_MEMORY_LAYER = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture(autouse=True)
def test_profile(settings):
    """Development tokens are accepted only when asked for; the test profile does, and so do tests."""
    settings.XCOMPUTE_PROFILE = "test"
    settings.XCOMPUTE_DEVELOPMENT_TOKENS = True
    # Live updates published by code under test stay in this process (consumers run on the test's loop);
    # the processes the end-to-end tests start use Redis as configured.
    settings.CHANNEL_LAYERS = IN_MEMORY_LAYER


@pytest.fixture
def admin_api(db):
    return APIClient(ADMIN_TOKEN)


@pytest.fixture
def member_api(db):
    return APIClient(MEMBER_TOKEN)


@pytest.fixture
def reader_api(db):
    return APIClient(READER_TOKEN)


@pytest.fixture
def anonymous_api(db):
    return APIClient(token=None)


@pytest.fixture
def clock(monkeypatch):
    """Controls the time the service registry sees: `clock.advance(seconds)`."""

    class Clock:
        def __init__(self):
            self.now = timezone.now()

        def __call__(self):
            return self.now

        def advance(self, seconds):
            self.now += timedelta(seconds=seconds)

    fake = Clock()
    monkeypatch.setattr(health, "clock", fake)
    return fake


@pytest.fixture
def policy_file(tmp_path, settings):
    """Write a policy override file and make the enforcer read it: `policy_file({rule: check})`."""

    def write(rules: dict):
        path = tmp_path / "policy.yaml"
        path.write_text("\n".join(f'"{name}": "{check}"' for name, check in rules.items()) + "\n")
        settings.XCOMPUTE_POLICY_FILE = str(path)
        policy.enforcer.cache_clear()
        return path

    yield write
    policy.enforcer.cache_clear()


@pytest.fixture
def placement_urls(settings):
    """Route the test client to the Placement API, as the placement-api process is."""
    settings.ROOT_URLCONF = "xcompute_site.urls.placement"
    settings.XCOMPUTE_API_SERVICE = "placement"


@pytest.fixture
def placement_api(db, placement_urls):
    """Placement as its admin (noauth2 token `admin`) at the newest microversion."""
    return PlacementClient(token="admin", version="1.39")


@pytest.fixture
def placement_user(db, placement_urls):
    """Placement as a user without the admin role."""
    return PlacementClient(token="alice:project-a", version="1.39")


class ImageClient(APIClient):
    """Speaks to the Image URL map (Glance v2: no microversions)."""

    def patch(self, path, operations, content_type="application/openstack-images-v2.1-json-patch"):
        return self.client.patch(path, data=json.dumps(operations), content_type=content_type,
                                 headers=self.headers())

    def upload(self, path, data: bytes, content_type="application/octet-stream"):
        return self.client.put(path, data=data, content_type=content_type, headers=self.headers())


@pytest.fixture
def image_urls(settings, tmp_path):
    """Route the test client to the Image API, as the glance-api process is, with a fresh image store."""
    settings.ROOT_URLCONF = "xcompute_site.urls.image"
    settings.XCOMPUTE_API_SERVICE = "image"
    settings.XCOMPUTE_IMAGE_DIR = str(tmp_path / "images")
    return tmp_path / "images"


@pytest.fixture
def image_api(db, image_urls):
    """The Image API as the admin."""
    return ImageClient(ADMIN_TOKEN)


@pytest.fixture
def image_clients(db, image_urls):
    """`image_clients(token)`: an Image API client per development token (`user:project[:roles]`)."""
    return ImageClient


OTHER_PROJECT_TOKEN = "carol:project-b"


@pytest.fixture
def other_project_api(db):
    """A member of project-b, a project other than the member_api's project-a."""
    return APIClient(OTHER_PROJECT_TOKEN)


@pytest.fixture
def admin_site_operator(db, settings):
    """A client signed in to the admin (at /admin/) as `op`, an identity admin, as the dashboard's sessions are."""
    from dashboard.authentication import staff_user
    from identity import services

    settings.ROOT_URLCONF = "tests.flavors.admin_urls"
    services.builtin_roles()
    admin_project = services.project("admin")
    op = services.user("op", "op-password", default_project=admin_project)
    services.grant(op, "admin", project=admin_project)
    client = Client()
    client.force_login(staff_user(op))
    return client
