"""A token dies with its user, its project or its role assignment, in every service, within the cache time."""
import pytest

from identity import tokens
from identity.models import RoleAssignment
from tests.conftest import APIClient
from tests.identity.conftest import DEMO_PASSWORD, issue, password_auth


@pytest.fixture
def demo_token(identity):
    return issue(identity, password_auth("demo", DEMO_PASSWORD))


@pytest.fixture
def compute(settings):
    """The compute URL map, as nova-api serves it."""
    settings.ROOT_URLCONF = "xcompute_site.urls.compute"
    settings.XCOMPUTE_API_SERVICE = "compute"
    return lambda token: APIClient(token).get("/v2.1/servers").status_code


def test_a_token_dies_with_its_user(demo_token, compute, keystone):
    assert compute(demo_token) == 200
    keystone["demo"].delete()
    assert compute(demo_token) == 401


def test_a_token_dies_with_its_disabled_user(demo_token, compute, keystone):
    keystone["demo"].enabled = False
    keystone["demo"].save()
    assert compute(demo_token) == 401


def test_a_token_dies_with_its_project(demo_token, compute, keystone):
    keystone["demo_project"].delete()
    assert compute(demo_token) == 401


def test_a_token_dies_with_its_last_role_assignment(demo_token, compute, keystone):
    RoleAssignment.objects.filter(user=keystone["demo"]).delete()
    assert compute(demo_token) == 401


def test_a_revoked_token_stops_working_once_the_cache_time_has_passed(demo_token, compute, settings, monkeypatch):
    settings.XCOMPUTE_TOKEN_CACHE_SECONDS = 5
    assert compute(demo_token) == 200
    # Revoked by another process: this one trusts its cached validation for the cache time only.
    from identity.models import Token

    Token.objects.filter(token_hash=tokens.digest(demo_token)).delete()
    assert compute(demo_token) == 200
    now = tokens.time.monotonic()
    monkeypatch.setattr(tokens.time, "monotonic", lambda: now + 6)
    assert compute(demo_token) == 401


def test_a_revocation_in_this_process_takes_effect_at_once(demo_token, compute, settings):
    settings.XCOMPUTE_TOKEN_CACHE_SECONDS = 60
    assert compute(demo_token) == 200
    tokens.revoke(demo_token)
    assert compute(demo_token) == 401
