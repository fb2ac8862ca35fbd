"""Console tokens are stored only hashed, bound to an endpoint, and refused once expired."""
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from consoles import tokens
from consoles.models import ConsoleAuthToken
from consoles.proxy import DatabaseTokenPlugin

pytestmark = pytest.mark.django_db
INSTANCE = uuid.UUID("6f1c1a47-0d5a-4f61-9b0e-6b1de0c2a001")


def issue(ttl=600):
    return tokens.issue(instance_uuid=INSTANCE, host="hv1", port=5900, ttl_seconds=ttl)


def test_the_clear_token_is_never_stored():
    token = issue()
    row = ConsoleAuthToken.objects.get()
    assert token not in (row.token_hash, row.internal_access_path)
    assert row.token_hash == tokens.hash_token(token)


def test_a_live_token_resolves_to_its_console_endpoint():
    row = tokens.resolve(issue())
    assert (row.instance_uuid, row.host, row.port) == (INSTANCE, "hv1", 5900)


def test_an_expired_token_is_refused():
    token = issue()
    ConsoleAuthToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert tokens.resolve(token) is None


@pytest.mark.parametrize("token", ["", "forged", None])
def test_unknown_or_empty_tokens_are_refused(token):
    issue()
    assert tokens.resolve(token) is None


def test_the_proxy_plugin_targets_the_tokens_endpoint_and_refuses_the_rest():
    plugin = DatabaseTokenPlugin()
    assert plugin.lookup(issue()) == ["hv1", "5900"]
    assert plugin.lookup("forged") is None
