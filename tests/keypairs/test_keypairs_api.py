"""os-keypairs per microversion: import, generate, list and page, show, delete, users, quota and errors."""
import subprocess
import threading

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from django.db import connection

from keypairs.models import KeyPair
from tests.conftest import APIClient

# ssh-keygen -t ed25519; `ssh-keygen -l -E md5` gives the fingerprint below.
ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMAk08M0SZZ1wnWm6dTpoi9tOqJAm7yiUQ7E5E/vy6PM me@host"
ED25519_MD5 = "0c:ce:fd:01:15:b1:c7:a2:b6:4f:0a:42:1d:de:de:ac"


def create(api, version="2.2", **keypair):
    return api.post("/v2.1/os-keypairs", {"keypair": {"name": "k1", **keypair}}, version=version)


def message(response, fault="badRequest") -> str:
    return response.json()[fault]["message"]


class TestCreate:
    def test_importing_an_ed25519_key_answers_201_with_nova_s_md5_fingerprint_and_no_private_key(self, member_api):
        response = create(member_api, public_key=ED25519)
        assert response.status_code == 201, response.content
        assert response.json()["keypair"] == {"name": "k1", "public_key": ED25519, "fingerprint": ED25519_MD5,
                                              "type": "ssh", "user_id": "alice"}

    def test_before_2_2_create_answers_200_without_type(self, member_api):
        response = create(member_api, version="2.1", public_key=ED25519)
        assert response.status_code == 200 and "type" not in response.json()["keypair"]

    def test_a_generated_rsa_key_signs_what_its_public_key_verifies_and_its_private_half_is_not_kept(
            self, member_api, tmp_path):
        response = create(member_api)
        body = response.json()["keypair"]
        assert response.status_code == 201 and body["public_key"].endswith(" Generated-by-Nova")
        assert body["private_key"].startswith("-----BEGIN RSA PRIVATE KEY-----")
        private = serialization.load_pem_private_key(body["private_key"].encode(), None)
        public = serialization.load_ssh_public_key(body["public_key"].encode())
        signature = private.sign(b"hello", padding.PKCS1v15(), hashes.SHA256())
        public.verify(signature, b"hello", padding.PKCS1v15(), hashes.SHA256())
        (tmp_path / "id").write_text(body["private_key"])
        (tmp_path / "id").chmod(0o600)
        derived = subprocess.run(["ssh-keygen", "-y", "-f", str(tmp_path / "id")], capture_output=True, text=True,
                                 check=True).stdout.split()
        assert derived[:2] == body["public_key"].split()[:2]
        md5 = subprocess.run(["ssh-keygen", "-l", "-E", "md5", "-f", "-"], input=body["public_key"],
                             capture_output=True, text=True, check=True).stdout.split()[1]
        assert md5 == f"MD5:{body['fingerprint']}"
        stored = KeyPair.objects.get(name="k1")
        assert body["private_key"] not in str(stored.__dict__)

    def test_an_x509_pair_is_generated_or_imported_with_the_certificate_s_sha1_fingerprint(self, member_api):
        generated = create(member_api, type="x509").json()["keypair"]
        assert generated["public_key"].startswith("-----BEGIN CERTIFICATE-----") and generated["type"] == "x509"
        assert "PRIVATE KEY" in generated["private_key"] and len(generated["fingerprint"].split(":")) == 20
        imported = create(member_api, name="k2", type="x509", public_key=generated["public_key"]).json()["keypair"]
        assert imported["fingerprint"] == generated["fingerprint"]

    def test_from_2_92_a_public_key_is_required_and_at_and_dot_are_allowed_in_names(self, member_api):
        response = create(member_api, version="2.92")
        assert response.status_code == 400 and "'public_key' is a required property" in message(response)
        assert create(member_api, version="2.92", name="me@host.example", public_key=ED25519).status_code == 201
        response = create(member_api, version="2.91", name="me@host", public_key=ED25519)
        assert response.status_code == 400
        assert message(response).startswith("An invalid 'name' value was provided. The name must be: Only expected "
                                            "characters: [_- 0123456789")

    @pytest.mark.parametrize("name", [" k", "k ", "", "x" * 256, "k/1"])
    def test_bad_names_are_400(self, member_api, name):
        assert create(member_api, name=name, public_key=ED25519).status_code == 400

    def test_a_bad_public_key_is_nova_s_400(self, member_api):
        response = create(member_api, public_key="ssh-rsa not-a-key")
        assert response.status_code == 400
        assert message(response) == "Keypair data is invalid: failed to generate fingerprint"
        response = create(member_api, type="x509", public_key="nope")
        assert message(response).startswith("Keypair data is invalid: failed to generate X509 fingerprint.")

    def test_a_name_the_user_already_has_is_409_but_another_user_may_take_it(self, member_api, other_project_api):
        create(member_api, public_key=ED25519)
        response = create(member_api, public_key=ED25519)
        assert response.status_code == 409
        assert message(response, "conflictingRequest") == "Key pair 'k1' already exists."
        assert create(other_project_api, public_key=ED25519).status_code == 201

    def test_the_key_pairs_quota_counts_per_user(self, member_api, other_project_api, settings):
        settings.XCOMPUTE_QUOTA_KEY_PAIRS = 1
        create(member_api, public_key=ED25519)
        response = create(member_api, name="k2", public_key=ED25519)
        assert response.status_code == 403
        assert message(response, "forbidden") == "Quota exceeded, too many key pairs."
        assert create(other_project_api, public_key=ED25519).status_code == 201

    def test_admins_create_for_another_user_from_2_10_members_may_not(self, admin_api, member_api):
        response = create(admin_api, version="2.10", user_id="alice", public_key=ED25519)
        assert response.status_code == 201 and response.json()["keypair"]["user_id"] == "alice"
        response = create(member_api, version="2.10", name="k2", user_id="carol", public_key=ED25519)
        assert response.status_code == 403
        assert create(admin_api, version="2.9", user_id="alice", public_key=ED25519).status_code == 400


class TestReadAndDelete:
    def test_list_shows_the_user_s_own_pairs_by_name(self, member_api, other_project_api):
        for name in ("b", "a"):
            create(member_api, name=name, public_key=ED25519)
        create(other_project_api, name="c", public_key=ED25519)
        body = member_api.get("/v2.1/os-keypairs", version="2.2").json()
        assert body == {"keypairs": [{"keypair": {"name": n, "public_key": ED25519, "fingerprint": ED25519_MD5,
                                                  "type": "ssh"}} for n in ("a", "b")]}
        assert [k["keypair"]["name"] for k in other_project_api.get("/v2.1/os-keypairs").json()["keypairs"]] == ["c"]

    def test_from_2_35_list_pages_by_name_with_a_next_link(self, member_api):
        for name in ("a", "b", "c"):
            create(member_api, name=name, public_key=ED25519)
        body = member_api.get("/v2.1/os-keypairs?limit=2", version="2.35").json()
        assert [k["keypair"]["name"] for k in body["keypairs"]] == ["a", "b"]
        assert body["keypairs_links"] == [{"rel": "next",
                                           "href": "http://testserver/v2.1/os-keypairs?limit=2&marker=b"}]
        body = member_api.get("/v2.1/os-keypairs?limit=2&marker=b", version="2.35").json()
        assert [k["keypair"]["name"] for k in body["keypairs"]] == ["c"] and "keypairs_links" not in body
        response = member_api.get("/v2.1/os-keypairs?marker=zz", version="2.35")
        assert response.status_code == 400 and message(response) == "Marker zz could not be found."
        assert member_api.get("/v2.1/os-keypairs?limit=-1", version="2.35").status_code == 400
        # Before 2.35 paging parameters are ignored, as Nova ignores unknown ones.
        assert len(member_api.get("/v2.1/os-keypairs?limit=1", version="2.34").json()["keypairs"]) == 3

    def test_show_gives_nova_s_fields_and_another_user_s_pair_is_404(self, member_api, other_project_api):
        create(member_api, public_key=ED25519)
        response = member_api.get("/v2.1/os-keypairs/k1", version="2.2")
        body = response.json()["keypair"]
        assert set(body) == {"name", "public_key", "fingerprint", "type", "user_id", "deleted", "created_at",
                             "deleted_at", "updated_at", "id"}
        assert (body["user_id"], body["deleted"], body["deleted_at"], body["updated_at"]) == ("alice", False, None,
                                                                                              None)
        response = other_project_api.get("/v2.1/os-keypairs/k1")
        assert response.status_code == 404
        assert message(response, "itemNotFound") == "Keypair k1 not found for user carol"

    def test_admins_read_and_delete_another_user_s_pairs_with_user_id_from_2_10(self, admin_api, member_api):
        create(member_api, public_key=ED25519)
        listed = admin_api.get("/v2.1/os-keypairs?user_id=alice", version="2.10").json()["keypairs"]
        assert [k["keypair"]["name"] for k in listed] == ["k1"]
        assert admin_api.get("/v2.1/os-keypairs?user_id=alice", version="2.9").json()["keypairs"] == []
        assert admin_api.get("/v2.1/os-keypairs/k1?user_id=alice", version="2.10").status_code == 200
        assert member_api.get("/v2.1/os-keypairs?user_id=admin", version="2.10").status_code == 403
        assert admin_api.delete("/v2.1/os-keypairs/k1?user_id=alice", version="2.10").status_code == 204
        assert not KeyPair.objects.exists()

    def test_unknown_query_parameters_are_ignored_before_2_75_and_a_400_from_it(self, member_api):
        create(member_api, public_key=ED25519)
        for path in ("/v2.1/os-keypairs?unknown=3", "/v2.1/os-keypairs/k1?unknown=3"):
            assert member_api.get(path, version="2.74").status_code == 200
            response = member_api.get(path, version="2.75")
            assert response.status_code == 400
            assert message(response) == "Additional properties are not allowed ('unknown' was unexpected)"
        assert member_api.delete("/v2.1/os-keypairs/k1?unknown=3", version="2.75").status_code == 400
        assert member_api.delete("/v2.1/os-keypairs/k1?unknown=3", version="2.74").status_code == 204

    def test_delete_answers_202_before_2_2_and_404_when_gone(self, member_api):
        create(member_api, public_key=ED25519)
        assert member_api.delete("/v2.1/os-keypairs/k1", version="2.1").status_code == 202
        assert member_api.delete("/v2.1/os-keypairs/k1", version="2.1").status_code == 404

    def test_the_same_user_sees_its_pairs_from_any_project_as_in_nova(self, member_api):
        create(member_api, public_key=ED25519)
        elsewhere = APIClient("alice:project-b")
        assert elsewhere.get("/v2.1/os-keypairs/k1").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_never_exceed_the_key_pairs_quota(settings):
    """Given a quota of 3, when 8 creates of one user race, then exactly 3 pairs exist."""
    settings.XCOMPUTE_QUOTA_KEY_PAIRS = 3
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    answers = []

    def worker(index):
        try:
            answers.append(create(APIClient("alice:project-a"), name=f"k{index}", public_key=ED25519).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [201] * 3 + [403] * 5
    assert KeyPair.objects.filter(user_id="alice").count() == 3
