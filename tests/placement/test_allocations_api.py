"""/allocations/{consumer_uuid}, POST /allocations and /resource_providers/{uuid}/allocations."""
import uuid

import pytest

from placement.models import Allocation, Consumer, ResourceProvider
from placement.services.allocations import INCOMPLETE_CONSUMER_ID
from tests.placement.factories import add_inventory, allocate, make_provider


def _error(response):
    return response.json()["errors"][0]


def _generation(provider):
    return ResourceProvider.objects.get(pk=provider.pk).generation


def _body(provider, resources, generation=None, consumer_type="INSTANCE", **extra):
    """A PUT body as 1.38 takes it."""
    return {
        "allocations": {str(provider.uuid): {"resources": resources}},
        "project_id": "project-a", "user_id": "user-a",
        "consumer_generation": generation, "consumer_type": consumer_type, **extra,
    }


@pytest.fixture
def compute(db):
    provider = make_provider("compute1")
    add_inventory(provider, "VCPU", total=8)
    add_inventory(provider, "MEMORY_MB", total=4096, min_unit=256, max_unit=2048, step_size=256)
    return provider


@pytest.fixture
def consumer():
    return str(uuid.uuid4())


# The list format (1.0 - 1.11)


def test_before_1_8_allocations_are_a_list_and_the_consumer_is_recorded_as_incomplete(placement_api, compute,
                                                                                        consumer):
    body = {"allocations": [{"resource_provider": {"uuid": str(compute.uuid)}, "resources": {"VCPU": 2}}]}

    response = placement_api.put(f"/allocations/{consumer}", body, version="1.0")

    assert response.status_code == 204
    stored = Consumer.objects.get(uuid=consumer)
    assert (stored.project_id, stored.user_id) == (INCOMPLETE_CONSUMER_ID, INCOMPLETE_CONSUMER_ID)
    shown = placement_api.get(f"/allocations/{consumer}", version="1.0").json()
    assert shown == {"allocations": {str(compute.uuid): {"generation": 1, "resources": {"VCPU": 2}}}}


def test_before_1_8_project_and_user_are_not_accepted(placement_api, compute, consumer):
    body = {"allocations": [{"resource_provider": {"uuid": str(compute.uuid)}, "resources": {"VCPU": 2}}],
            "project_id": "p", "user_id": "u"}

    response = placement_api.put(f"/allocations/{consumer}", body, version="1.7")

    assert response.status_code == 400
    assert "Additional properties are not allowed" in _error(response)["detail"]


def test_from_1_8_project_and_user_are_required(placement_api, compute, consumer):
    allocations = [{"resource_provider": {"uuid": str(compute.uuid)}, "resources": {"VCPU": 2}}]

    missing = placement_api.put(f"/allocations/{consumer}", {"allocations": allocations}, version="1.8")
    given = placement_api.put(f"/allocations/{consumer}",
                              {"allocations": allocations, "project_id": "p", "user_id": "u"}, version="1.8")

    assert missing.status_code == 400
    assert "'project_id' is a required property" in _error(missing)["detail"]
    assert given.status_code == 204


# The dict format (1.12)


def test_from_1_12_allocations_are_keyed_by_provider_and_get_shows_project_and_user(placement_api, compute, consumer):
    body = {"allocations": {str(compute.uuid): {"resources": {"VCPU": 1}}}, "project_id": "p", "user_id": "u"}

    assert placement_api.put(f"/allocations/{consumer}", body, version="1.12").status_code == 204

    shown = placement_api.get(f"/allocations/{consumer}", version="1.12").json()
    assert shown == {"allocations": {str(compute.uuid): {"generation": 1, "resources": {"VCPU": 1}}},
                     "project_id": "p", "user_id": "u"}
    assert "project_id" not in placement_api.get(f"/allocations/{consumer}", version="1.11").json()


def test_at_1_12_the_list_format_and_empty_allocations_are_refused(placement_api, compute, consumer):
    as_list = {"allocations": [{"resource_provider": {"uuid": str(compute.uuid)}, "resources": {"VCPU": 1}}],
               "project_id": "p", "user_id": "u"}
    empty = {"allocations": {}, "project_id": "p", "user_id": "u"}

    assert placement_api.put(f"/allocations/{consumer}", as_list, version="1.12").status_code == 400
    assert placement_api.put(f"/allocations/{consumer}", empty, version="1.27").status_code == 400


def test_a_consumer_without_allocations_shows_an_empty_dict_at_every_version(placement_api, consumer):
    for version in ("1.0", "1.12", "1.28", "1.38"):
        response = placement_api.get(f"/allocations/{consumer}", version=version)
        assert response.json() == {"allocations": {}}


# Consumer generations (1.28)


def test_from_1_28_the_consumer_generation_is_required(placement_api, compute, consumer):
    body = _body(compute, {"VCPU": 1})
    del body["consumer_generation"], body["consumer_type"]

    response = placement_api.put(f"/allocations/{consumer}", body, version="1.28")

    assert response.status_code == 400
    assert "'consumer_generation' is a required property" in _error(response)["detail"]


def test_a_new_consumer_must_be_claimed_with_a_null_generation(placement_api, compute, consumer):
    response = placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 1}, generation=5))

    assert response.status_code == 409
    assert _error(response)["code"] == "placement.concurrent_update"
    assert _error(response)["detail"] == "consumer generation conflict - expected null but got 5"
    assert not Consumer.objects.filter(uuid=consumer).exists()


def test_an_existing_consumer_must_be_written_at_its_generation(placement_api, compute, consumer):
    # Given a consumer created by a first claim (generation 1)
    assert placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 1})).status_code == 204
    assert placement_api.get(f"/allocations/{consumer}").json()["consumer_generation"] == 1

    # When it is written as new, or at a wrong generation, it is a conflict
    as_new = placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 2}))
    stale = placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 2}, generation=7))
    assert as_new.status_code == stale.status_code == 409
    assert _error(as_new)["detail"] == "consumer generation conflict - expected 1 but got None"
    assert _error(stale)["code"] == "placement.concurrent_update"

    # And at its generation it is replaced and moves on
    assert placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 2}, generation=1)).status_code == 204
    shown = placement_api.get(f"/allocations/{consumer}").json()
    assert shown["consumer_generation"] == 2
    assert shown["allocations"][str(compute.uuid)]["resources"] == {"VCPU": 2}


def test_from_1_28_empty_allocations_delete_the_consumer(placement_api, compute, consumer):
    placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 1}))

    body = {**_body(compute, {}, generation=1), "allocations": {}}
    response = placement_api.put(f"/allocations/{consumer}", body)

    assert response.status_code == 204
    assert placement_api.get(f"/allocations/{consumer}").json() == {"allocations": {}}
    assert not Consumer.objects.filter(uuid=consumer).exists()
    assert _generation(compute) == 2


# Mappings (1.34) and consumer types (1.38)


def test_mappings_are_accepted_from_1_34_only(placement_api, compute, consumer):
    body = _body(compute, {"VCPU": 1}, mappings={"_CPU": [str(compute.uuid)]})
    del body["consumer_type"]

    assert placement_api.put(f"/allocations/{consumer}", body, version="1.33").status_code == 400
    assert placement_api.put(f"/allocations/{consumer}", body, version="1.34").status_code == 204


def test_mappings_must_list_provider_uuids(placement_api, compute, consumer):
    body = _body(compute, {"VCPU": 1}, mappings={"_CPU": []})

    response = placement_api.put(f"/allocations/{consumer}", body)

    assert response.status_code == 400


def test_from_1_38_the_consumer_type_is_required_and_shown(placement_api, compute, consumer):
    body = _body(compute, {"VCPU": 1})
    del body["consumer_type"]
    missing = placement_api.put(f"/allocations/{consumer}", body)
    lowercase = placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 1}, consumer_type="instance"))

    assert missing.status_code == 400
    assert "'consumer_type' is a required property" in _error(missing)["detail"]
    assert lowercase.status_code == 400
    assert "'instance' does not match" in _error(lowercase)["detail"]
    assert placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 1})).status_code == 204
    assert placement_api.get(f"/allocations/{consumer}").json()["consumer_type"] == "INSTANCE"


def test_before_1_38_the_consumer_type_is_refused_and_its_consumers_show_as_unknown(placement_api, compute, consumer):
    typed = _body(compute, {"VCPU": 1})
    untyped = {key: value for key, value in typed.items() if key != "consumer_type"}

    assert placement_api.put(f"/allocations/{consumer}", typed, version="1.37").status_code == 400
    assert placement_api.put(f"/allocations/{consumer}", untyped, version="1.37").status_code == 204
    assert placement_api.get(f"/allocations/{consumer}").json()["consumer_type"] == "unknown"
    assert "consumer_type" not in placement_api.get(f"/allocations/{consumer}", version="1.37").json()


def test_a_write_before_1_38_keeps_the_stored_consumer_type(placement_api, compute, consumer):
    placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 1}, consumer_type="MIGRATION"))
    untyped = {key: value for key, value in _body(compute, {"VCPU": 2}, generation=1).items() if key != "consumer_type"}

    assert placement_api.put(f"/allocations/{consumer}", untyped, version="1.28").status_code == 204
    assert Consumer.objects.get(uuid=consumer).consumer_type == "MIGRATION"


# Capacity


def test_a_claim_over_capacity_is_a_conflict_and_writes_nothing(placement_api, compute, consumer):
    allocate(compute, {"VCPU": 6})

    response = placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 3}))

    assert response.status_code == 409
    assert _error(response)["code"] == "placement.undefined_code"
    assert _error(response)["detail"] == (
        f"Unable to allocate inventory: Unable to create allocation for 'VCPU' on resource provider "
        f"'{compute.uuid}'. The requested amount would exceed the capacity."
    )
    assert not Consumer.objects.filter(uuid=consumer).exists()
    assert _generation(compute) == 0


def test_a_claim_filling_the_capacity_exactly_succeeds(placement_api, compute, consumer):
    allocate(compute, {"VCPU": 6})

    assert placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 2})).status_code == 204


def test_allocation_ratio_and_reserved_set_the_capacity(placement_api, consumer):
    provider = make_provider()
    add_inventory(provider, "VCPU", total=10, reserved=2, allocation_ratio=2.0, max_unit=16)

    assert placement_api.put(f"/allocations/{consumer}", _body(provider, {"VCPU": 16})).status_code == 204
    assert placement_api.put(f"/allocations/{uuid.uuid4()}", _body(provider, {"VCPU": 1})).status_code == 409


@pytest.mark.parametrize("amount", [128, 4096, 300])
def test_amounts_breaking_min_unit_max_unit_or_step_size_are_conflicts(placement_api, compute, consumer, amount):
    response = placement_api.put(f"/allocations/{consumer}", _body(compute, {"MEMORY_MB": amount}))

    assert response.status_code == 409
    assert _error(response)["detail"].endswith("The requested amount would violate inventory constraints.")


def test_a_class_the_provider_has_no_inventory_of_is_a_conflict(placement_api, compute, consumer):
    response = placement_api.put(f"/allocations/{consumer}", _body(compute, {"DISK_GB": 1}))

    assert response.status_code == 409
    assert _error(response)["detail"] == (
        f"Unable to allocate inventory: Inventory for 'DISK_GB' on resource provider '{compute.uuid}' invalid."
    )


def test_an_unknown_class_or_provider_is_a_bad_request(placement_api, compute, consumer):
    unknown_class = placement_api.put(f"/allocations/{consumer}", _body(compute, {"CUSTOM_NOPE": 1}))
    missing = str(uuid.uuid4())
    body = {**_body(compute, {"VCPU": 1}), "allocations": {missing: {"resources": {"VCPU": 1}}}}
    unknown_provider = placement_api.put(f"/allocations/{consumer}", body)

    assert unknown_class.status_code == 400
    assert _error(unknown_class)["detail"] == (
        f"Unable to allocate inventory for consumer {consumer}: No such resource class CUSTOM_NOPE."
    )
    assert unknown_provider.status_code == 400
    assert _error(unknown_provider)["detail"] == f"Allocation for resource provider '{missing}' that does not exist."


def test_replacing_a_consumers_allocations_frees_what_it_held(placement_api, compute, consumer):
    placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 6}))

    response = placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 8}, generation=1))

    assert response.status_code == 204
    assert list(Allocation.objects.values_list("used", flat=True)) == [8]


def test_a_write_bumps_every_provider_whose_allocations_change(placement_api, compute, consumer):
    other = make_provider()
    add_inventory(other, "VCPU", total=8)
    placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 1}))

    placement_api.put(f"/allocations/{consumer}", _body(other, {"VCPU": 1}, generation=1))

    assert (_generation(compute), _generation(other)) == (2, 1)


def test_a_malformed_consumer_uuid_is_a_bad_request_to_write_and_empty_to_read(placement_api, compute):
    response = placement_api.put("/allocations/not-a-uuid", _body(compute, {"VCPU": 1}))

    assert response.status_code == 400
    assert _error(response)["detail"] == "Malformed consumer_uuid: not-a-uuid"
    assert placement_api.get("/allocations/not-a-uuid").json() == {"allocations": {}}


# POST /allocations (1.13)


def _post_entry(provider, resources, generation=None):
    entry = _body(provider, resources, generation=generation)
    if not resources:
        entry["allocations"] = {}
    return entry


def test_posting_allocations_before_1_13_is_not_found(placement_api, compute, consumer):
    response = placement_api.post("/allocations", {consumer: _post_entry(compute, {"VCPU": 1})}, version="1.12")

    assert response.status_code == 404


def test_posting_allocations_writes_several_consumers_at_once(placement_api, compute):
    first, second = str(uuid.uuid4()), str(uuid.uuid4())

    response = placement_api.post("/allocations", {first: _post_entry(compute, {"VCPU": 2}),
                                                   second: _post_entry(compute, {"VCPU": 3})})

    assert response.status_code == 204
    assert Consumer.objects.count() == 2
    assert sum(Allocation.objects.values_list("used", flat=True)) == 5


def test_posting_allocations_is_all_or_nothing(placement_api, compute):
    fits, too_big = str(uuid.uuid4()), str(uuid.uuid4())

    response = placement_api.post("/allocations", {fits: _post_entry(compute, {"VCPU": 2}),
                                                   too_big: _post_entry(compute, {"VCPU": 7})})

    assert response.status_code == 409
    assert Allocation.objects.count() == 0
    assert Consumer.objects.count() == 0


def test_posting_can_move_allocations_from_one_consumer_to_another_on_a_full_provider(placement_api, compute):
    # Given an instance holding the whole provider (as during a migration's hand-over)
    instance, migration = str(uuid.uuid4()), str(uuid.uuid4())
    placement_api.put(f"/allocations/{instance}", _body(compute, {"VCPU": 8}))

    # When one request empties the instance and gives the migration record the same amount
    response = placement_api.post("/allocations", {instance: _post_entry(compute, {}, generation=1),
                                                   migration: _post_entry(compute, {"VCPU": 8})})

    # Then the swap succeeds and the emptied consumer is gone
    assert response.status_code == 204
    assert not Consumer.objects.filter(uuid=instance).exists()
    assert Consumer.objects.get(uuid=migration).allocations.get().used == 8


def test_posting_at_1_28_needs_each_consumers_generation(placement_api, compute, consumer):
    entry = _post_entry(compute, {"VCPU": 1})
    del entry["consumer_generation"], entry["consumer_type"]

    response = placement_api.post("/allocations", {consumer: entry}, version="1.28")

    assert response.status_code == 400
    assert "'consumer_generation' is a required property" in _error(response)["detail"]


def test_posting_at_1_38_needs_each_consumers_type(placement_api, compute, consumer):
    entry = _post_entry(compute, {"VCPU": 1})
    del entry["consumer_type"]

    response = placement_api.post("/allocations", {consumer: entry})

    assert response.status_code == 400
    assert "'consumer_type' is a required property" in _error(response)["detail"]


# DELETE /allocations/{consumer_uuid}


def test_deleting_a_consumers_allocations_removes_it_and_bumps_its_providers(placement_api, compute, consumer):
    placement_api.put(f"/allocations/{consumer}", _body(compute, {"VCPU": 1}))

    response = placement_api.delete(f"/allocations/{consumer}")

    assert response.status_code == 204
    assert not Consumer.objects.filter(uuid=consumer).exists()
    assert _generation(compute) == 2


def test_deleting_allocations_a_consumer_does_not_have_is_not_found(placement_api, consumer):
    response = placement_api.delete(f"/allocations/{consumer}")

    assert response.status_code == 404
    assert _error(response)["detail"] == f"No allocations for consumer '{consumer}'"


# GET /resource_providers/{uuid}/allocations


def test_a_providers_allocations_are_keyed_by_consumer_with_generations_from_1_28(placement_api, compute):
    holder = allocate(compute, {"VCPU": 2, "MEMORY_MB": 512})

    old = placement_api.get(f"/resource_providers/{compute.uuid}/allocations", version="1.27").json()
    new = placement_api.get(f"/resource_providers/{compute.uuid}/allocations").json()

    assert old == {"resource_provider_generation": 0,
                   "allocations": {str(holder.uuid): {"resources": {"VCPU": 2, "MEMORY_MB": 512}}}}
    assert new["allocations"][str(holder.uuid)]["consumer_generation"] == 1


def test_allocations_of_an_unknown_provider_are_not_found(placement_api):
    missing = uuid.uuid4()

    response = placement_api.get(f"/resource_providers/{missing}/allocations")

    assert response.status_code == 404
    assert _error(response)["detail"].startswith(f"Resource provider '{missing}' not found: ")


def test_last_modified_of_allocations_is_sent_from_1_15(placement_api, compute):
    holder = allocate(compute, {"VCPU": 2})

    assert "Last-Modified" not in placement_api.get(f"/allocations/{holder.uuid}", version="1.14")
    assert "Last-Modified" in placement_api.get(f"/allocations/{holder.uuid}", version="1.15")


# Policy


@pytest.mark.parametrize("method, path", [
    ("get", "/allocations/{consumer}"), ("put", "/allocations/{consumer}"), ("delete", "/allocations/{consumer}"),
    ("post", "/allocations"), ("get", "/resource_providers/{provider}/allocations"),
])
def test_only_admins_may_read_or_write_allocations(placement_user, compute, consumer, method, path):
    url = path.format(consumer=consumer, provider=compute.uuid)
    kwargs = {"body": {}} if method in ("put", "post") else {}

    response = getattr(placement_user, method)(url, **kwargs)

    assert response.status_code == 403
