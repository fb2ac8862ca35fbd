"""/resource_providers/{uuid}/aggregates through the API: the 1.1 list form and the 1.19 generation form."""
import uuid

import pytest

from placement.models import ProviderAggregate

pytestmark = pytest.mark.django_db


def error(response) -> dict:
    return response.json()["errors"][0]


def provider(api, name="cn1") -> dict:
    return api.post("/resource_providers", {"name": name}).json()


def path(rp) -> str:
    return f"/resource_providers/{rp['uuid']}/aggregates"


def test_given_1_0_the_aggregates_route_does_not_exist(placement_api):
    rp = provider(placement_api)
    assert placement_api.get(path(rp), version="1.0").status_code == 404
    assert placement_api.put(path(rp), [], version="1.0").status_code == 404


def test_given_1_1_aggregates_are_a_bare_list_in_and_a_list_without_generation_out(placement_api):
    rp = provider(placement_api)
    aggregates = [str(uuid.uuid4()), str(uuid.uuid4())]
    response = placement_api.put(path(rp), aggregates, version="1.1")
    assert response.status_code == 200
    assert response.json() == {"aggregates": aggregates}
    shown = placement_api.get(path(rp), version="1.18").json()
    assert shown == {"aggregates": aggregates}
    assert placement_api.get(f"/resource_providers/{rp['uuid']}").json()["generation"] == 0


def test_given_1_19_the_generation_travels_both_ways_and_moves_on_every_put(placement_api):
    rp = provider(placement_api)
    assert placement_api.get(path(rp), version="1.19").json() == {"aggregates": [], "resource_provider_generation": 0}
    aggregate = str(uuid.uuid4())
    first = placement_api.put(path(rp), {"aggregates": [aggregate], "resource_provider_generation": 0})
    assert first.json() == {"aggregates": [aggregate], "resource_provider_generation": 1}
    same = placement_api.put(path(rp), {"aggregates": [aggregate], "resource_provider_generation": 1})
    assert same.json()["resource_provider_generation"] == 2


def test_given_1_19_a_stale_generation_is_a_concurrent_update(placement_api):
    rp = provider(placement_api)
    placement_api.put(path(rp), {"aggregates": [], "resource_provider_generation": 0})
    stale = placement_api.put(path(rp), {"aggregates": [str(uuid.uuid4())], "resource_provider_generation": 0})
    assert stale.status_code == 409
    assert error(stale)["code"] == "placement.concurrent_update"
    assert not ProviderAggregate.objects.exists()


def test_putting_aggregates_replaces_the_previous_set(placement_api):
    rp = provider(placement_api)
    old, kept, new = (str(uuid.uuid4()) for _ in range(3))
    placement_api.put(path(rp), [old, kept], version="1.1")
    placement_api.put(path(rp), [kept, new], version="1.1")
    assert sorted(placement_api.get(path(rp)).json()["aggregates"]) == sorted([kept, new])


@pytest.mark.parametrize("version, body", [
    ("1.19", [str(uuid.UUID(int=1))]),
    ("1.19", {"aggregates": []}),
    ("1.18", {"aggregates": [], "resource_provider_generation": 0}),
    ("1.1", ["not-a-uuid"]),
    ("1.1", [str(uuid.UUID(int=1)), str(uuid.UUID(int=1))]),
])
def test_a_body_in_the_wrong_form_for_the_microversion_is_a_400(placement_api, version, body):
    rp = provider(placement_api)
    response = placement_api.put(path(rp), body, version=version)
    assert response.status_code == 400
    assert error(response)["detail"].startswith("JSON does not validate")


def test_the_aggregates_of_an_unknown_provider_are_not_found(placement_api):
    rp = {"uuid": str(uuid.uuid4())}
    assert placement_api.get(path(rp)).status_code == 404
    assert placement_api.put(path(rp), {"aggregates": [], "resource_provider_generation": 0}).status_code == 404


def test_aggregates_send_last_modified_from_1_15(placement_api):
    rp = provider(placement_api)
    assert placement_api.get(path(rp), version="1.15").has_header("Last-Modified")
    assert placement_api.put(path(rp), [], version="1.15").has_header("Last-Modified")
    assert not placement_api.put(path(rp), [], version="1.14").has_header("Last-Modified")


def test_a_user_without_the_admin_role_may_not_touch_aggregates(placement_api, placement_user):
    rp = provider(placement_api)
    refused = placement_user.get(path(rp))
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["detail"] == (
        "Policy does not allow placement:resource_providers:aggregates:list to be performed.")
    response = placement_user.put(path(rp), {"aggregates": [str(uuid.uuid4())], "resource_provider_generation": 0})
    assert response.status_code == 403
    assert not ProviderAggregate.objects.exists()
