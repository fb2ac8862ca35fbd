"""/traits and /resource_providers/{uuid}/traits through the API (1.6)."""
import uuid

import pytest

from placement.models import ProviderTrait, ResourceProvider, Trait

pytestmark = pytest.mark.django_db


def error(response) -> dict:
    return response.json()["errors"][0]


def provider(api, name="cn1") -> dict:
    return api.post("/resource_providers", {"name": name}).json()


def traits_path(rp) -> str:
    return f"/resource_providers/{rp['uuid']}/traits"


def set_traits(api, rp, traits, generation=None):
    generation = rp["generation"] if generation is None else generation
    return api.put(traits_path(rp), {"traits": traits, "resource_provider_generation": generation})


# The catalogue


@pytest.mark.parametrize("path", ["/traits", "/traits/HW_CPU_X86_AVX", f"/resource_providers/{uuid.uuid4()}/traits"])
def test_given_1_5_trait_routes_do_not_exist(placement_api, path):
    response = placement_api.get(path, version="1.5")
    assert response.status_code == 404
    assert error(response)["detail"] == "The resource could not be found."


def test_the_list_holds_the_standard_traits_in_name_order(placement_api):
    traits = placement_api.get("/traits").json()["traits"]
    assert "HW_CPU_X86_AVX" in traits and "COMPUTE_STATUS_DISABLED" in traits
    assert traits == sorted(traits)


def test_the_list_filters_by_names_and_by_prefix(placement_api):
    listed = placement_api.get("/traits?name=in:HW_CPU_X86_AVX,HW_CPU_X86_AVX2,CUSTOM_NONE").json()["traits"]
    assert listed == ["HW_CPU_X86_AVX", "HW_CPU_X86_AVX2"]
    placement_api.put("/traits/CUSTOM_GOLD")
    placement_api.put("/traits/CUSTOM_SILVER")
    assert placement_api.get("/traits?name=startswith:CUSTOM_").json()["traits"] == ["CUSTOM_GOLD", "CUSTOM_SILVER"]


def test_a_name_filter_without_an_operator_is_a_400(placement_api):
    response = placement_api.get("/traits?name=HW_CPU_X86_AVX")
    assert response.status_code == 400
    assert error(response)["detail"].startswith("Badly formatted name parameter")


def test_associated_lists_the_traits_on_some_provider_or_on_none(placement_api):
    rp = provider(placement_api)
    placement_api.put("/traits/CUSTOM_GOLD")
    placement_api.put("/traits/CUSTOM_SILVER")
    set_traits(placement_api, rp, ["CUSTOM_GOLD", "HW_CPU_X86_AVX"])
    assert placement_api.get("/traits?associated=true").json()["traits"] == ["CUSTOM_GOLD", "HW_CPU_X86_AVX"]
    unassociated = placement_api.get("/traits?associated=False&name=startswith:CUSTOM_").json()["traits"]
    assert unassociated == ["CUSTOM_SILVER"]


@pytest.mark.parametrize("query", ["associated=maybe", "bogus=1"])
def test_a_bad_associated_value_or_an_unknown_parameter_is_a_400(placement_api, query):
    assert placement_api.get(f"/traits?{query}").status_code == 400


def test_putting_a_custom_trait_creates_it_once(placement_api):
    created = placement_api.put("/traits/CUSTOM_GOLD")
    assert created.status_code == 201
    assert created["Location"].endswith("/traits/CUSTOM_GOLD")
    again = placement_api.put("/traits/CUSTOM_GOLD")
    assert again.status_code == 204
    assert Trait.objects.filter(name="CUSTOM_GOLD").count() == 1


def test_putting_a_trait_sends_last_modified_from_1_15(placement_api):
    assert placement_api.put("/traits/CUSTOM_GOLD", version="1.15").has_header("Last-Modified")
    assert not placement_api.put("/traits/CUSTOM_GOLD", version="1.14").has_header("Last-Modified")


@pytest.mark.parametrize("name", ["HW_CPU_X86_AVX", "CUSTOM_lower", "CUSTOM_", "CUSTOM_" + "A" * 249, "CUSTOM_A-B"])
def test_only_well_formed_custom_traits_can_be_put(placement_api, name):
    response = placement_api.put(f"/traits/{name}")
    assert response.status_code == 400
    assert error(response)["detail"].startswith("The trait is invalid.")


def test_showing_a_trait_answers_204_and_an_unknown_one_404(placement_api):
    shown = placement_api.get("/traits/HW_CPU_X86_AVX", version="1.15")
    assert shown.status_code == 204
    assert shown.has_header("Last-Modified")
    missing = placement_api.get("/traits/CUSTOM_NOPE")
    assert missing.status_code == 404
    assert error(missing)["detail"] == "No such trait(s): CUSTOM_NOPE."


def test_a_custom_trait_can_be_deleted_while_no_provider_has_it(placement_api):
    rp = provider(placement_api)
    placement_api.put("/traits/CUSTOM_GOLD")
    set_traits(placement_api, rp, ["CUSTOM_GOLD"])
    in_use = placement_api.delete("/traits/CUSTOM_GOLD")
    assert in_use.status_code == 409
    assert error(in_use)["detail"] == "The trait CUSTOM_GOLD is in use by a resource provider."
    placement_api.delete(traits_path(rp))
    assert placement_api.delete("/traits/CUSTOM_GOLD").status_code == 204
    assert placement_api.get("/traits/CUSTOM_GOLD").status_code == 404


def test_a_standard_trait_cannot_be_deleted_and_an_unknown_one_is_not_found(placement_api):
    standard = placement_api.delete("/traits/HW_CPU_X86_AVX")
    assert standard.status_code == 400
    assert error(standard)["detail"] == "Cannot delete standard trait HW_CPU_X86_AVX."
    assert placement_api.delete("/traits/CUSTOM_NOPE").status_code == 404


# A provider's traits


def test_a_new_provider_has_no_traits_and_shows_its_generation(placement_api):
    rp = provider(placement_api)
    assert placement_api.get(traits_path(rp)).json() == {"traits": [], "resource_provider_generation": 0}


def test_setting_traits_replaces_them_and_moves_the_generation(placement_api):
    rp = provider(placement_api)
    first = set_traits(placement_api, rp, ["HW_CPU_X86_AVX2", "HW_CPU_X86_AVX"])
    assert first.status_code == 200
    assert first.json() == {"traits": ["HW_CPU_X86_AVX", "HW_CPU_X86_AVX2"], "resource_provider_generation": 1}
    second = set_traits(placement_api, rp, ["HW_CPU_X86_SSE"], generation=1)
    assert second.json() == {"traits": ["HW_CPU_X86_SSE"], "resource_provider_generation": 2}
    assert placement_api.get(traits_path(rp)).json()["traits"] == ["HW_CPU_X86_SSE"]
    assert placement_api.get(f"/resource_providers/{rp['uuid']}").json()["generation"] == 2


def test_setting_the_same_traits_again_leaves_the_generation(placement_api):
    rp = provider(placement_api)
    set_traits(placement_api, rp, ["HW_CPU_X86_AVX"])
    again = set_traits(placement_api, rp, ["HW_CPU_X86_AVX"], generation=1)
    assert again.json()["resource_provider_generation"] == 1


def test_setting_traits_from_a_stale_generation_is_a_concurrent_update(placement_api):
    rp = provider(placement_api)
    set_traits(placement_api, rp, ["HW_CPU_X86_AVX"])
    stale = set_traits(placement_api, rp, ["HW_CPU_X86_SSE"], generation=0)
    assert stale.status_code == 409
    assert error(stale)["code"] == "placement.concurrent_update"
    assert placement_api.get(traits_path(rp)).json()["traits"] == ["HW_CPU_X86_AVX"]


def test_setting_an_unknown_trait_is_a_400_and_changes_nothing(placement_api):
    rp = provider(placement_api)
    response = set_traits(placement_api, rp, ["HW_CPU_X86_AVX", "CUSTOM_NOPE"])
    assert response.status_code == 400
    assert error(response)["detail"] == "No such trait CUSTOM_NOPE"
    assert not ProviderTrait.objects.exists()


@pytest.mark.parametrize("body", [{"traits": []}, {"resource_provider_generation": 0}, {"traits": [""], "resource_provider_generation": 0}])
def test_a_traits_body_needs_traits_and_the_generation(placement_api, body):
    rp = provider(placement_api)
    response = placement_api.put(traits_path(rp), body)
    assert response.status_code == 400
    assert error(response)["detail"].startswith("JSON does not validate")


def test_deleting_a_providers_traits_empties_them_and_moves_the_generation(placement_api):
    rp = provider(placement_api)
    set_traits(placement_api, rp, ["HW_CPU_X86_AVX"])
    assert placement_api.delete(traits_path(rp)).status_code == 204
    assert placement_api.get(traits_path(rp)).json() == {"traits": [], "resource_provider_generation": 2}


def test_the_traits_of_an_unknown_provider_are_not_found(placement_api):
    rp = {"uuid": str(uuid.uuid4()), "generation": 0}
    assert placement_api.get(traits_path(rp)).status_code == 404
    assert set_traits(placement_api, rp, []).status_code == 404
    assert placement_api.delete(traits_path(rp)).status_code == 404


def test_a_providers_traits_send_last_modified_from_1_15(placement_api):
    rp = provider(placement_api)
    assert placement_api.get(traits_path(rp), version="1.15").has_header("Last-Modified")
    response = placement_api.put(
        traits_path(rp), {"traits": ["HW_CPU_X86_AVX"], "resource_provider_generation": 0}, version="1.15"
    )
    assert response.has_header("Last-Modified")


def test_a_user_without_the_admin_role_may_not_touch_traits(placement_api, placement_user):
    rp = provider(placement_api)
    for response in (
        placement_user.get("/traits"),
        placement_user.get("/traits/HW_CPU_X86_AVX"),
        placement_user.put("/traits/CUSTOM_GOLD"),
        placement_user.delete("/traits/HW_CPU_X86_AVX"),
        placement_user.get(traits_path(rp)),
        set_traits(placement_user, rp, ["HW_CPU_X86_AVX"]),
        placement_user.delete(traits_path(rp)),
    ):
        assert response.status_code == 403
    assert not ResourceProvider.objects.get().trait_links.exists()
    assert not Trait.objects.filter(name="CUSTOM_GOLD").exists()
