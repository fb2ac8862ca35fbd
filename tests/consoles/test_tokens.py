"""Console tokens are stored only hashed, bound to an instance on its host, and refused once expired,
once their instance is deleted (or being deleted) and once it has moved."""
from datetime import timedelta

import pytest
from django.utils import timezone

from consoles import tokens
from consoles.models import ConsoleAuthToken
from consoles.proxy import DatabaseTokenPlugin
from instances.models import Instance
from tests.instances.factories import make_instance, soft_deleted

pytestmark = pytest.mark.django_db


@pytest.fixture
def server():
    return make_instance("s1", host="hv1")


def issue(instance, ttl=600):
    return tokens.issue(instance_uuid=instance.uuid, compute_host="hv1", host="10.0.0.1", port=5900,
                        ttl_seconds=ttl)


def test_the_clear_token_is_never_stored(server):
    token = issue(server)
    row = ConsoleAuthToken.objects.get()
    assert token not in (row.token_hash, row.internal_access_path)
    assert row.token_hash == tokens.hash_token(token)


def test_a_live_token_resolves_to_its_console_endpoint(server):
    row = tokens.resolve(issue(server))
    assert (row.instance_uuid, row.compute_host, row.host, row.port) == (server.uuid, "hv1", "10.0.0.1", 5900)


def test_an_expired_token_is_refused(server):
    token = issue(server)
    ConsoleAuthToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert tokens.resolve(token) is None


@pytest.mark.parametrize("token", ["", "forged", None])
def test_unknown_or_empty_tokens_are_refused(server, token):
    issue(server)
    assert tokens.resolve(token) is None


def test_a_token_dies_with_its_instance_from_the_moment_its_delete_is_asked(server):
    token = issue(server)
    Instance.objects.filter(pk=server.pk).update(task_state="deleting")
    assert tokens.resolve(token) is None
    Instance.objects.filter(pk=server.pk).update(task_state=None)
    assert tokens.resolve(token) is not None
    soft_deleted(server)
    assert tokens.resolve(token) is None


def test_a_token_is_void_once_its_instance_moved_to_another_host(server):
    token = issue(server)
    Instance.objects.filter(pk=server.pk).update(host="hv2")
    assert tokens.resolve(token) is None


def test_issuing_drops_the_instances_expired_tokens_and_revoke_drops_them_all(server):
    issue(server)
    ConsoleAuthToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    issue(server)
    assert ConsoleAuthToken.objects.count() == 1
    issue(server)
    assert tokens.revoke(server.uuid) == 2 and not ConsoleAuthToken.objects.exists()


def test_the_proxy_plugin_targets_the_tokens_endpoint_and_refuses_the_rest(server):
    plugin = DatabaseTokenPlugin()
    assert plugin.lookup(issue(server)) == ["10.0.0.1", "5900"]
    assert plugin.lookup("forged") is None
