"""POST /reshaper (1.30): inventories and their allocations move between providers in one step."""
import uuid

import pytest

from placement.models import Allocation, Consumer, ResourceProvider
from tests.placement.factories import add_inventory, allocate, make_provider


def _error(response):
    return response.json()["errors"][0]


def _generation(provider):
    return ResourceProvider.objects.get(pk=provider.pk).generation


@pytest.fixture
def tree(db):
    """A compute node holding VCPU and a VGPU inventory that is to move to a new child provider."""
    root = make_provider("compute1")
    add_inventory(root, "VCPU", total=8)
    add_inventory(root, "VGPU", total=4)
    child = make_provider("compute1_gpu0", parent=root)
    return root, child


@pytest.fixture
def instance(tree):
    root, _ = tree
    return allocate(root, {"VCPU": 2, "VGPU": 1}, consumer_type="INSTANCE")


def _moving_vgpu(root, child, instance, root_generation=0, child_generation=0, **consumer_fields):
    entry = {
        "allocations": {str(root.uuid): {"resources": {"VCPU": 2}}, str(child.uuid): {"resources": {"VGPU": 1}}},
        "project_id": instance.project_id, "user_id": instance.user_id,
        "consumer_generation": instance.generation, "consumer_type": "INSTANCE", **consumer_fields,
    }
    return {
        "inventories": {
            str(root.uuid): {"resource_provider_generation": root_generation, "inventories": {"VCPU": {"total": 8}}},
            str(child.uuid): {"resource_provider_generation": child_generation,
                              "inventories": {"VGPU": {"total": 4}}},
        },
        "allocations": {str(instance.uuid): entry},
    }


def test_the_reshaper_does_not_exist_before_1_30(placement_api, tree, instance):
    root, child = tree

    response = placement_api.post("/reshaper", _moving_vgpu(root, child, instance), version="1.29")

    assert response.status_code == 404


def test_inventory_and_its_allocations_move_together(placement_api, tree, instance):
    root, child = tree

    response = placement_api.post("/reshaper", _moving_vgpu(root, child, instance))

    assert response.status_code == 204
    assert set(root.inventories.values_list("resource_class__name", flat=True)) == {"VCPU"}
    assert set(child.inventories.values_list("resource_class__name", flat=True)) == {"VGPU"}
    held = {(a.provider_id, a.resource_class.name): a.used for a in Allocation.objects.filter(consumer=instance)}
    assert held == {(root.id, "VCPU"): 2, (child.id, "VGPU"): 1}
    assert (_generation(root), _generation(child)) == (1, 1)
    assert Consumer.objects.get(pk=instance.pk).generation == instance.generation + 1


def test_a_stale_provider_generation_is_a_concurrent_update(placement_api, tree, instance):
    root, child = tree

    response = placement_api.post("/reshaper", _moving_vgpu(root, child, instance, root_generation=3))

    assert response.status_code == 409
    assert _error(response)["code"] == "placement.concurrent_update"
    assert _error(response)["detail"] == (
        f"resource provider generation conflict for provider {root.uuid}: actual: 0, given: 3"
    )


def test_an_unknown_provider_in_inventories_is_a_bad_request_naming_it(placement_api, tree, instance):
    root, child = tree
    body = _moving_vgpu(root, child, instance)
    missing = str(uuid.uuid4())
    body["inventories"][missing] = {"resource_provider_generation": 0, "inventories": {}}

    response = placement_api.post("/reshaper", body)

    assert response.status_code == 400
    assert _error(response)["code"] == "placement.resource_provider.not_found"
    assert _error(response)["detail"].startswith(f"Resource provider {missing} in inventories not found")


def test_leaving_allocations_on_a_removed_inventory_is_refused_and_changes_nothing(placement_api, tree, instance):
    # Given a reshape that removes VGPU from the root but leaves the instance's VGPU there
    root, child = tree
    body = _moving_vgpu(root, child, instance)
    body["allocations"][str(instance.uuid)]["allocations"] = {str(root.uuid): {"resources": {"VCPU": 2, "VGPU": 1}}}

    response = placement_api.post("/reshaper", body)

    # Then it is refused as inventory in use, and the world is as it was
    assert response.status_code == 409
    assert _error(response)["code"] == "placement.inventory.inuse"
    assert set(root.inventories.values_list("resource_class__name", flat=True)) == {"VCPU", "VGPU"}
    assert not child.inventories.exists()
    assert (_generation(root), _generation(child)) == (0, 0)


def test_allocations_that_do_not_fit_the_new_inventories_are_refused(placement_api, tree, instance):
    root, child = tree
    body = _moving_vgpu(root, child, instance)
    body["inventories"][str(child.uuid)]["inventories"] = {"VGPU": {"total": 1, "reserved": 1}}

    response = placement_api.post("/reshaper", body)

    assert response.status_code == 409
    assert _error(response)["detail"].startswith("Unable to allocate inventory: ")
    assert Allocation.objects.filter(consumer=instance, provider=root).count() == 2


def test_a_consumer_generation_conflict_stops_the_reshape(placement_api, tree, instance):
    root, child = tree

    response = placement_api.post("/reshaper", _moving_vgpu(root, child, instance, consumer_generation=9))

    assert response.status_code == 409
    assert _error(response)["code"] == "placement.concurrent_update"
    assert not child.inventories.exists()


def test_an_unknown_resource_class_is_malformed_reshaper_data(placement_api, tree, instance):
    root, child = tree
    body = _moving_vgpu(root, child, instance)
    body["inventories"][str(child.uuid)]["inventories"]["CUSTOM_NOPE"] = {"total": 1}

    response = placement_api.post("/reshaper", body)

    assert response.status_code == 400
    assert _error(response)["detail"] == "malformed reshaper data: No such resource class CUSTOM_NOPE."


def test_at_least_one_providers_inventories_are_required(placement_api):
    response = placement_api.post("/reshaper", {"inventories": {}, "allocations": {}})

    assert response.status_code == 400


def test_the_consumer_type_is_required_from_1_38_and_refused_before(placement_api, tree, instance):
    root, child = tree
    typed = _moving_vgpu(root, child, instance)
    untyped = _moving_vgpu(root, child, instance)
    del untyped["allocations"][str(instance.uuid)]["consumer_type"]

    missing = placement_api.post("/reshaper", untyped)
    too_early = placement_api.post("/reshaper", typed, version="1.37")

    assert missing.status_code == 400
    assert "'consumer_type' is a required property" in _error(missing)["detail"]
    assert too_early.status_code == 400
    assert "'consumer_type' was unexpected" in _error(too_early)["detail"]
    assert placement_api.post("/reshaper", untyped, version="1.37").status_code == 204


def test_mappings_are_accepted_in_reshaped_allocations_from_1_34(placement_api, tree, instance):
    root, child = tree
    body = _moving_vgpu(root, child, instance, mappings={"_GPU": [str(child.uuid)]})
    del body["allocations"][str(instance.uuid)]["consumer_type"]

    assert placement_api.post("/reshaper", body, version="1.33").status_code == 400
    assert placement_api.post("/reshaper", body, version="1.34").status_code == 204


def test_only_admins_may_reshape(placement_user, tree, instance):
    root, child = tree

    response = placement_user.post("/reshaper", _moving_vgpu(root, child, instance))

    assert response.status_code == 403
    assert "placement:reshaper:reshape" in _error(response)["detail"]
