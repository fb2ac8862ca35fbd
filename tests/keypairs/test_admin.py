"""The operator's read-only page of key pairs."""
import pytest

from keypairs.models import KeyPair


@pytest.fixture
def operator(admin_site_operator):
    return admin_site_operator


def test_the_key_pair_page_lists_pairs_by_user_and_shows_them_read_only(operator):
    keypair = KeyPair.objects.create(user_id="alice", name="k1", public_key="ssh-ed25519 AAAA x", fingerprint="aa:bb")
    assert "alice" in operator.get("/admin/keypairs/keypair/").content.decode()
    page = operator.get(f"/admin/keypairs/keypair/{keypair.pk}/change/").content.decode()
    assert "aa:bb" in page and 'name="public_key"' not in page
    assert operator.get("/admin/keypairs/keypair/add/").status_code == 403
