"""/resource_providers/{uuid}/inventories and .../inventories/{resource_class}, through the API."""
import uuid

import pytest

from placement.models import ResourceProvider
from tests.placement.factories import add_inventory, allocate, make_provider

MAX_INT = 2**31 - 1


def _url(provider, resource_class=None):
    base = f"/resource_providers/{provider.uuid}/inventories"
    return f"{base}/{resource_class}" if resource_class else base


def _error(response):
    return response.json()["errors"][0]


def _generation(provider):
    return ResourceProvider.objects.get(pk=provider.pk).generation


@pytest.fixture
def provider(db):
    return make_provider()


# GET the collection


def test_a_provider_without_inventories_lists_none_at_its_generation(placement_api, provider):
    response = placement_api.get(_url(provider))

    assert response.status_code == 200
    assert response.json() == {"resource_provider_generation": 0, "inventories": {}}


def test_inventories_of_an_unknown_provider_are_not_found(placement_api):
    response = placement_api.get(f"/resource_providers/{uuid.uuid4()}/inventories")

    assert response.status_code == 404
    assert _error(response)["code"] == "placement.undefined_code"
    assert "No resource provider with uuid" in _error(response)["detail"]


def test_last_modified_is_sent_from_1_15(placement_api, provider):
    add_inventory(provider, "VCPU", total=4)

    assert "Last-Modified" not in placement_api.get(_url(provider), version="1.14")
    response = placement_api.get(_url(provider), version="1.15")
    assert response["Cache-Control"] == "no-cache"
    assert "Last-Modified" in response


# PUT the collection


def test_putting_inventories_fills_upstream_defaults_and_bumps_the_generation(placement_api, provider):
    # When inventories are set with only their totals
    body = {"resource_provider_generation": 0, "inventories": {"VCPU": {"total": 8}, "DISK_GB": {"total": 100}}}
    response = placement_api.put(_url(provider), body)

    # Then each gets upstream's defaults and the provider moves to generation 1
    assert response.status_code == 200
    assert response.json() == {
        "resource_provider_generation": 1,
        "inventories": {
            name: {"total": total, "reserved": 0, "min_unit": 1, "max_unit": MAX_INT, "step_size": 1,
                   "allocation_ratio": 1.0}
            for name, total in (("VCPU", 8), ("DISK_GB", 100))
        },
    }
    assert "Last-Modified" in response
    assert placement_api.get(_url(provider)).json() == response.json()


def test_putting_inventories_replaces_all_of_them(placement_api, provider):
    add_inventory(provider, "VCPU", total=4)
    add_inventory(provider, "DISK_GB", total=10)

    body = {"resource_provider_generation": 0, "inventories": {"MEMORY_MB": {"total": 2048, "reserved": 512}}}
    response = placement_api.put(_url(provider), body)

    assert response.status_code == 200
    assert set(response.json()["inventories"]) == {"MEMORY_MB"}
    assert set(provider.inventories.values_list("resource_class__name", flat=True)) == {"MEMORY_MB"}


def test_putting_inventories_from_a_stale_generation_is_a_concurrent_update(placement_api, provider):
    placement_api.put(_url(provider), {"resource_provider_generation": 0, "inventories": {"VCPU": {"total": 1}}})

    response = placement_api.put(_url(provider), {"resource_provider_generation": 0, "inventories": {}})

    assert response.status_code == 409
    assert _error(response)["code"] == "placement.concurrent_update"
    assert "resource provider generation conflict" in _error(response)["detail"]


def test_an_unknown_resource_class_is_a_bad_request(placement_api, provider):
    body = {"resource_provider_generation": 0, "inventories": {"CUSTOM_NOPE": {"total": 1}}}
    response = placement_api.put(_url(provider), body)

    assert response.status_code == 400
    assert _error(response)["detail"] == (
        f"Unknown resource class in inventory for resource provider {provider.uuid}: "
        "No such resource class CUSTOM_NOPE."
    )


@pytest.mark.parametrize("field, value", [
    ("total", 0), ("total", MAX_INT + 1), ("reserved", -1), ("min_unit", 0), ("max_unit", 0), ("step_size", 0),
    ("allocation_ratio", "lots"), ("total", "8"), ("colour", "blue"),
])
def test_values_out_of_range_are_refused_by_the_schema(placement_api, provider, field, value):
    inventory = {"total": 8, field: value}
    response = placement_api.put(_url(provider), {"resource_provider_generation": 0, "inventories": {"VCPU": inventory}})

    assert response.status_code == 400
    assert _error(response)["detail"].startswith("JSON does not validate: ")


def test_reserved_equal_to_total_is_refused_before_1_26(placement_api, provider):
    body = {"resource_provider_generation": 0, "inventories": {"VCPU": {"total": 8, "reserved": 8}}}

    response = placement_api.put(_url(provider), body, version="1.25")

    assert response.status_code == 400
    assert _error(response)["detail"] == (
        f"Unable to update inventory for resource provider {provider.uuid}: Invalid inventory for 'VCPU' on "
        f"resource provider '{provider.uuid}'. The reserved value is greater than or equal to total."
    )


def test_reserved_equal_to_total_is_allowed_from_1_26_but_not_more(placement_api, provider):
    equal = {"resource_provider_generation": 0, "inventories": {"VCPU": {"total": 8, "reserved": 8}}}
    assert placement_api.put(_url(provider), equal, version="1.26").status_code == 200

    more = {"resource_provider_generation": 1, "inventories": {"VCPU": {"total": 8, "reserved": 9}}}
    response = placement_api.put(_url(provider), more, version="1.26")
    assert response.status_code == 400
    assert _error(response)["detail"].endswith("The reserved value is greater than total.")


def test_min_unit_above_max_unit_is_a_bad_request(placement_api, provider):
    body = {"resource_provider_generation": 0, "inventories": {"VCPU": {"total": 8, "min_unit": 4, "max_unit": 2}}}

    response = placement_api.put(_url(provider), body)

    assert response.status_code == 400
    assert "min_unit (4) is greater than max_unit (2)" in _error(response)["detail"]


def test_removing_an_inventory_that_is_allocated_from_is_refused_as_in_use(placement_api, provider):
    add_inventory(provider, "VCPU", total=8)
    add_inventory(provider, "DISK_GB", total=10)
    allocate(provider, {"VCPU": 2})

    response = placement_api.put(_url(provider), {"resource_provider_generation": 0,
                                                  "inventories": {"DISK_GB": {"total": 10}}})

    assert response.status_code == 409
    assert _error(response)["code"] == "placement.inventory.inuse"
    assert _error(response)["detail"] == (
        f"update conflict: Inventory for 'VCPU' on resource provider '{provider.uuid}' in use."
    )
    assert provider.inventories.count() == 2
    assert _generation(provider) == 0


def test_shrinking_an_inventory_below_its_usage_is_refused_as_in_use(placement_api, provider):
    add_inventory(provider, "VCPU", total=8)
    allocate(provider, {"VCPU": 6})

    response = placement_api.put(_url(provider), {"resource_provider_generation": 0,
                                                  "inventories": {"VCPU": {"total": 8, "reserved": 3}}})

    assert response.status_code == 409
    assert _error(response)["code"] == "placement.inventory.inuse"
    assert "VCPU has 6 allocated, more than its capacity 5." in _error(response)["detail"]
    assert provider.inventories.get().reserved == 0


def test_shrinking_an_inventory_down_to_its_usage_is_allowed(placement_api, provider):
    add_inventory(provider, "VCPU", total=8)
    allocate(provider, {"VCPU": 6})

    response = placement_api.put(_url(provider), {"resource_provider_generation": 0,
                                                  "inventories": {"VCPU": {"total": 8, "reserved": 2}}})

    assert response.status_code == 200


# DELETE the collection (1.5)


def test_deleting_all_inventories_is_not_allowed_before_1_5(placement_api, provider):
    add_inventory(provider, "VCPU", total=8)

    response = placement_api.delete(_url(provider), version="1.4")

    assert response.status_code == 405
    assert provider.inventories.count() == 1


def test_deleting_all_inventories_from_1_5_empties_the_provider_and_bumps_it(placement_api, provider):
    add_inventory(provider, "VCPU", total=8)
    add_inventory(provider, "DISK_GB", total=8)

    response = placement_api.delete(_url(provider), version="1.5")

    assert response.status_code == 204
    assert provider.inventories.count() == 0
    assert _generation(provider) == 1


def test_deleting_all_inventories_while_allocated_from_is_refused_as_in_use(placement_api, provider):
    add_inventory(provider, "VCPU", total=8)
    add_inventory(provider, "DISK_GB", total=8)
    allocate(provider, {"VCPU": 1, "DISK_GB": 1})

    response = placement_api.delete(_url(provider))

    assert response.status_code == 409
    assert _error(response)["code"] == "placement.inventory.inuse"
    assert _error(response)["detail"] == (
        f"Inventory for 'DISK_GB, VCPU' on resource provider '{provider.uuid}' in use."
    )


# One inventory


def test_one_inventory_is_shown_with_the_provider_generation(placement_api, provider):
    add_inventory(provider, "VCPU", total=8, reserved=1, allocation_ratio=4.0)

    response = placement_api.get(_url(provider, "VCPU"))

    assert response.status_code == 200
    assert response.json() == {"total": 8, "reserved": 1, "min_unit": 1, "max_unit": 8, "step_size": 1,
                               "allocation_ratio": 4.0, "resource_provider_generation": 0}


def test_an_inventory_the_provider_lacks_is_not_found(placement_api, provider):
    response = placement_api.get(_url(provider, "DISK_GB"))

    assert response.status_code == 404
    assert _error(response)["detail"] == f"No inventory of class DISK_GB for {provider.uuid}"


def test_updating_one_inventory_changes_it_and_bumps_the_generation(placement_api, provider):
    add_inventory(provider, "VCPU", total=8)

    response = placement_api.put(_url(provider, "VCPU"), {"resource_provider_generation": 0, "total": 16,
                                                         "allocation_ratio": 2.0})

    assert response.status_code == 200
    assert response.json()["total"] == 16
    assert response.json()["allocation_ratio"] == 2.0
    assert response.json()["resource_provider_generation"] == 1
    assert "Last-Modified" in response


def test_updating_one_inventory_needs_the_generation(placement_api, provider):
    add_inventory(provider, "VCPU", total=8)

    missing = placement_api.put(_url(provider, "VCPU"), {"total": 16})
    stale = placement_api.put(_url(provider, "VCPU"), {"resource_provider_generation": 7, "total": 16})

    assert missing.status_code == 400
    assert "'resource_provider_generation' is a required property" in _error(missing)["detail"]
    assert stale.status_code == 409
    assert _error(stale)["code"] == "placement.concurrent_update"


def test_updating_an_inventory_the_provider_lacks_is_a_bad_request(placement_api, provider):
    response = placement_api.put(_url(provider, "DISK_GB"), {"resource_provider_generation": 0, "total": 16})

    assert response.status_code == 400
    assert _error(response)["detail"] == (
        f"No inventory record with resource class for resource provider {provider.uuid}: "
        "No inventory of class DISK_GB found."
    )


def test_updating_one_inventory_below_its_usage_is_refused_as_in_use(placement_api, provider):
    add_inventory(provider, "VCPU", total=8)
    allocate(provider, {"VCPU": 4})

    response = placement_api.put(_url(provider, "VCPU"), {"resource_provider_generation": 0, "total": 3})

    assert response.status_code == 409
    assert _error(response)["code"] == "placement.inventory.inuse"


def test_deleting_one_inventory_removes_it_and_bumps_the_generation(placement_api, provider):
    add_inventory(provider, "VCPU", total=8)

    response = placement_api.delete(_url(provider, "VCPU"))

    assert response.status_code == 204
    assert provider.inventories.count() == 0
    assert _generation(provider) == 1


def test_deleting_an_inventory_that_is_allocated_from_is_refused_as_in_use(placement_api, provider):
    add_inventory(provider, "VCPU", total=8)
    allocate(provider, {"VCPU": 1})

    response = placement_api.delete(_url(provider, "VCPU"))

    assert response.status_code == 409
    assert _error(response)["code"] == "placement.inventory.inuse"
    assert _error(response)["detail"] == (
        f"Unable to delete inventory of class VCPU: Inventory for 'VCPU' on resource provider '{provider.uuid}' in use."
    )


def test_deleting_an_inventory_the_provider_lacks_is_not_found(placement_api, provider):
    response = placement_api.delete(_url(provider, "VCPU"))

    assert response.status_code == 404
    assert _error(response)["detail"] == "No inventory of class VCPU found for delete."


def test_posting_one_inventory_creates_it_with_a_location(placement_api, provider):
    response = placement_api.post(_url(provider), {"resource_class": "DISK_GB", "total": 100, "reserved": 10})

    assert response.status_code == 201
    assert response["Location"].endswith(f"/resource_providers/{provider.uuid}/inventories/DISK_GB")
    assert response.json()["reserved"] == 10
    assert response.json()["resource_provider_generation"] == 1


def test_posting_an_inventory_the_provider_already_has_is_a_conflict(placement_api, provider):
    add_inventory(provider, "DISK_GB", total=10)

    response = placement_api.post(_url(provider), {"resource_class": "DISK_GB", "total": 100})

    assert response.status_code == 409
    assert _error(response)["code"] == "placement.concurrent_update"


def test_posting_an_inventory_of_an_unknown_class_is_a_bad_request(placement_api, provider):
    response = placement_api.post(_url(provider), {"resource_class": "CUSTOM_NOPE", "total": 1})

    assert response.status_code == 400
    assert _error(response)["detail"] == (
        f"Unable to create inventory for resource provider {provider.uuid}: No such resource class CUSTOM_NOPE."
    )


# Policy


@pytest.mark.parametrize("method, suffix, body", [
    ("get", "", None), ("put", "", {"resource_provider_generation": 0, "inventories": {}}), ("delete", "", None),
    ("post", "", {"resource_class": "VCPU", "total": 1}), ("get", "/VCPU", None),
    ("put", "/VCPU", {"resource_provider_generation": 0, "total": 1}), ("delete", "/VCPU", None),
])
def test_only_admins_may_touch_inventories(placement_user, provider, method, suffix, body):
    kwargs = {"body": body} if body is not None else {}
    response = getattr(placement_user, method)(_url(provider) + suffix, **kwargs)

    assert response.status_code == 403
    assert "placement:resource_providers:inventories:" in _error(response)["detail"]
