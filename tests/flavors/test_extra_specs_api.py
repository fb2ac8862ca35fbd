"""/flavors/{id}/os-extra_specs: every verb, policy, and the key checks from microversion 2.86."""
import pytest

from flavors.models import FlavorExtraSpec
from flavors.services import extra_specs_of
from tests.flavors.factories import make_flavor

URL = "/v2.1/flavors/1/os-extra_specs"


@pytest.fixture
def flavor(db):
    return make_flavor("1", extra_specs={"hw:cpu_policy": "shared"})


def message(response, status=400) -> str:
    assert response.status_code == status, response.content
    return next(iter(response.json().values()))["message"]


class TestReading:
    def test_members_list_and_show_extra_specs(self, member_api, flavor):
        assert member_api.get(URL).json() == {"extra_specs": {"hw:cpu_policy": "shared"}}
        assert member_api.get(f"{URL}/hw:cpu_policy").json() == {"hw:cpu_policy": "shared"}

    def test_an_unknown_key_is_a_404_in_novas_words(self, member_api, flavor):
        assert message(member_api.get(f"{URL}/nope"), 404) == "Flavor 1 has no extra specs with key nope."

    def test_extra_specs_of_an_invisible_private_flavor_are_a_404(self, other_project_api, db):
        make_flavor("p1", is_public=False, projects=["project-a"])
        assert other_project_api.get("/v2.1/flavors/p1/os-extra_specs").status_code == 404


class TestWriting:
    def test_post_creates_and_overwrites_keys_and_answers_with_the_body(self, admin_api, flavor):
        body = {"extra_specs": {"hw:cpu_policy": "dedicated", "quota:cpu_quota": 10000}}
        response = admin_api.post(URL, body)
        assert (response.status_code, response.json()) == (200, body)
        assert extra_specs_of(flavor) == {"hw:cpu_policy": "dedicated", "quota:cpu_quota": "10000"}

    def test_put_sets_the_key_named_in_the_url(self, admin_api, flavor):
        response = admin_api.put(f"{URL}/hw:numa_nodes", {"hw:numa_nodes": "2"})
        assert (response.status_code, response.json()) == (200, {"hw:numa_nodes": "2"})
        assert extra_specs_of(flavor)["hw:numa_nodes"] == "2"

    def test_put_with_another_key_than_the_url_is_a_400(self, admin_api, flavor):
        assert message(admin_api.put(f"{URL}/hw:numa_nodes", {"hw:cpu_policy": "shared"})) == (
            "Request body and URI mismatch")

    def test_put_takes_exactly_one_key(self, admin_api, flavor):
        response = admin_api.put(f"{URL}/a", {"a": "1", "b": "2"})
        assert response.status_code == 400

    def test_delete_removes_the_key_with_an_empty_200(self, admin_api, flavor):
        response = admin_api.delete(f"{URL}/hw:cpu_policy")
        assert (response.status_code, response.content) == (200, b"")
        assert not FlavorExtraSpec.objects.exists()
        assert message(admin_api.delete(f"{URL}/hw:cpu_policy"), 404) == (
            "Flavor 1 has no extra specs with key hw:cpu_policy.")

    @pytest.mark.parametrize("body", [
        {"extra_specs": {"bad/key": "x"}},
        {"extra_specs": {"k": "x" * 256}},
        {"extra_specs": {"k": True}},
        {"extra_specs": "hw:cpu_policy=shared"},
        {},
    ])
    def test_keys_and_values_outside_novas_schema_are_refused(self, admin_api, flavor, body):
        assert admin_api.post(URL, body).status_code == 400

    def test_writes_are_for_admins_and_on_visible_flavors(self, member_api, admin_api, flavor):
        assert message(member_api.post(URL, {"extra_specs": {"a": "1"}}), 403) == (
            "Policy doesn't allow os_compute_api:os-flavor-extra-specs:create to be performed.")
        assert member_api.put(f"{URL}/a", {"a": "1"}).status_code == 403
        assert member_api.delete(f"{URL}/hw:cpu_policy").status_code == 403
        assert admin_api.post("/v2.1/flavors/9/os-extra_specs", {"extra_specs": {"a": "1"}}).status_code == 404


class TestValidationFrom286:
    @pytest.mark.parametrize(("key", "value"), [
        ("trait:HW_CPU_X86_AVX2", "required"),
        ("trait1:CUSTOM_FAST_NIC", "forbidden"),
        ("resources:VCPU", "2"),
        ("resources_gpu:CUSTOM_GPU", 1),
        ("hw:cpu_policy", "dedicated"),
        ("hw:anything_new", "whatever"),
        ("quota:disk_read_bytes_sec", "10240000"),
        ("aggregate_instance_extra_specs:ssd", "true"),
        ("my_own_spec", "anything"),
    ])
    def test_known_namespaces_accept_good_values_and_unknown_keys_pass(self, admin_api, flavor, key, value):
        response = admin_api.post(URL, {"extra_specs": {key: value}}, version="2.86")
        assert response.status_code == 200, response.content

    @pytest.mark.parametrize(("key", "value", "reason"), [
        ("trait:HW_CPU_X86_AVX2", "yes", "'yes' is not one of: required, forbidden."),
        ("trait:NOT_A_REAL_TRAIT", "required",
         "extra spec 'trait:NOT_A_REAL_TRAIT' does not appear to be a valid extra spec."),
        ("trait:lowercase", "required", "extra spec 'trait:lowercase' does not appear to be a valid extra spec."),
        ("resources:VCPU", "two", "'two' is not a valid integer value."),
        ("resources:MADE_UP", "1", "extra spec 'resources:MADE_UP' does not appear to be a valid extra spec."),
        ("hw:cpu_policy", "fast", "'fast' is not one of: shared, dedicated, mixed."),
        ("hw:numa_nodes", "0", "'0' is less than the min value of '1'."),
    ])
    def test_bad_values_in_known_namespaces_are_a_400(self, admin_api, flavor, key, value, reason):
        response = admin_api.post(URL, {"extra_specs": {key: value}}, version="2.86")
        assert message(response) == f"Validation failed; {reason}"
        put = admin_api.put(f"{URL}/{key}", {key: value}, version="2.86")
        assert message(put) == f"Validation failed; {reason}"

    def test_before_2_86_values_are_not_checked(self, admin_api, flavor):
        response = admin_api.post(URL, {"extra_specs": {"trait:HW_CPU_X86_AVX2": "yes"}}, version="2.85")
        assert response.status_code == 200
