"""/resource_providers through the API: creation, trees, filters, updates, deletion, per microversion."""
import uuid

import pytest

from placement.models import (
    Allocation,
    Consumer,
    ProviderAggregate,
    ProviderTrait,
    ResourceClass,
    ResourceProvider,
    Trait,
)

pytestmark = pytest.mark.django_db


def create(api, name, parent=None, version="1.39", **extra):
    body = {"name": name, **extra}
    if parent is not None:
        body["parent_provider_uuid"] = parent["uuid"]
    response = api.post("/resource_providers", body, version=version)
    assert response.status_code == 200, response.content
    return response.json()


def error(response) -> dict:
    return response.json()["errors"][0]


def names(response) -> list[str]:
    return [provider["name"] for provider in response.json()["resource_providers"]]


def tag(provider, *traits):
    for name in traits:
        trait, _ = Trait.objects.get_or_create(name=name)
        ProviderTrait.objects.create(provider=ResourceProvider.objects.get(uuid=provider["uuid"]), trait=trait)


def join(provider, *aggregates):
    row = ResourceProvider.objects.get(uuid=provider["uuid"])
    ProviderAggregate.objects.bulk_create([ProviderAggregate(provider=row, aggregate_uuid=a) for a in aggregates])


# Creating


def test_given_1_20_when_a_provider_is_created_then_it_comes_back_with_a_location(placement_api):
    response = placement_api.post("/resource_providers", {"name": "cn1"}, version="1.20")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "cn1" and body["generation"] == 0
    assert response["Location"].endswith(f"/resource_providers/{body['uuid']}")


def test_given_1_19_when_a_provider_is_created_then_the_answer_is_201_with_only_a_location(placement_api):
    response = placement_api.post("/resource_providers", {"name": "cn1"}, version="1.19")
    assert response.status_code == 201
    assert response.content == b""
    provider = ResourceProvider.objects.get(name="cn1")
    assert response["Location"].endswith(f"/resource_providers/{provider.uuid}")


def test_a_root_provider_is_its_own_root(placement_api):
    body = create(placement_api, "cn1")
    assert body["root_provider_uuid"] == body["uuid"]
    assert body["parent_provider_uuid"] is None
    row = ResourceProvider.objects.get(uuid=body["uuid"])
    assert row.root_id == row.id


def test_a_given_uuid_is_kept_in_its_dashed_form(placement_api):
    wanted = uuid.uuid4()
    body = create(placement_api, "cn1", uuid=wanted.hex)
    assert body["uuid"] == str(wanted)


def test_a_second_provider_with_the_same_name_is_a_duplicate_name_conflict(placement_api):
    create(placement_api, "cn1")
    response = placement_api.post("/resource_providers", {"name": "cn1"})
    assert response.status_code == 409
    assert error(response)["code"] == "placement.duplicate_name"
    assert "name: cn1" in error(response)["detail"]


def test_a_second_provider_with_the_same_uuid_is_a_duplicate_name_conflict(placement_api):
    first = create(placement_api, "cn1")
    response = placement_api.post("/resource_providers", {"name": "cn2", "uuid": first["uuid"]})
    assert response.status_code == 409
    assert error(response)["code"] == "placement.duplicate_name"
    assert f"uuid: {first['uuid']}" in error(response)["detail"]


@pytest.mark.parametrize("body", [{}, {"name": "x" * 201}, {"name": "cn", "uuid": "not-a-uuid"}, {"name": "cn", "x": 1}])
def test_an_invalid_creation_body_is_a_400(placement_api, body):
    response = placement_api.post("/resource_providers", body)
    assert response.status_code == 400
    assert error(response)["detail"].startswith("JSON does not validate")
    assert error(response)["code"] == "placement.undefined_code"


def test_a_body_that_is_not_json_is_a_400_and_another_media_type_a_415(placement_api):
    malformed = placement_api.post("/resource_providers", raw="{nope")
    assert malformed.status_code == 400
    assert error(malformed)["detail"].startswith("Malformed JSON")
    other = placement_api.client.post(
        "/resource_providers", data="name=x", content_type="text/plain", headers=placement_api.headers()
    )
    assert other.status_code == 415
    assert error(other)["detail"] == "The media type text/plain is not supported, use application/json"


# Representation per microversion


@pytest.mark.parametrize("version, rels", [
    ("1.0", ["self", "inventories", "usages"]),
    ("1.1", ["self", "inventories", "usages", "aggregates"]),
    ("1.6", ["self", "inventories", "usages", "aggregates", "traits"]),
    ("1.11", ["self", "inventories", "usages", "aggregates", "traits", "allocations"]),
])
def test_links_grow_with_the_microversion(placement_api, version, rels):
    provider = create(placement_api, "cn1")
    body = placement_api.get(f"/resource_providers/{provider['uuid']}", version=version).json()
    assert [link["rel"] for link in body["links"]] == rels
    assert body["links"][0]["href"] == f"/resource_providers/{provider['uuid']}"
    assert body["links"][1]["href"] == f"/resource_providers/{provider['uuid']}/inventories"


def test_tree_fields_appear_from_1_14(placement_api):
    provider = create(placement_api, "cn1")
    old = placement_api.get(f"/resource_providers/{provider['uuid']}", version="1.13").json()
    assert set(old) == {"uuid", "name", "generation", "links"}
    new = placement_api.get(f"/resource_providers/{provider['uuid']}", version="1.14").json()
    assert new["root_provider_uuid"] == provider["uuid"] and new["parent_provider_uuid"] is None


def test_last_modified_is_sent_from_1_15_on_reads_and_writes(placement_api):
    provider = create(placement_api, "cn1")
    path = f"/resource_providers/{provider['uuid']}"
    assert not placement_api.get(path, version="1.14").has_header("Last-Modified")
    shown = placement_api.get(path, version="1.15")
    assert shown.has_header("Last-Modified") and shown["Cache-Control"] == "no-cache"
    assert placement_api.get("/resource_providers", version="1.15").has_header("Last-Modified")
    assert placement_api.put(path, {"name": "cn2"}, version="1.15").has_header("Last-Modified")
    assert not placement_api.put(path, {"name": "cn3"}, version="1.14").has_header("Last-Modified")
    assert placement_api.post("/resource_providers", {"name": "cn4"}, version="1.20").has_header("Last-Modified")


def test_an_unknown_or_malformed_provider_is_not_found(placement_api):
    for value in (uuid.uuid4(), "not-a-uuid"):
        response = placement_api.get(f"/resource_providers/{value}")
        assert response.status_code == 404
        assert error(response)["detail"] == f"No resource provider with uuid {value} found"


# Trees


def test_given_1_13_a_parent_is_an_unexpected_property(placement_api):
    parent = create(placement_api, "cn1")
    response = placement_api.post(
        "/resource_providers", {"name": "numa0", "parent_provider_uuid": parent["uuid"]}, version="1.13"
    )
    assert response.status_code == 400
    assert "Additional properties are not allowed" in error(response)["detail"]


def test_every_descendant_shares_the_root_of_its_tree(placement_api):
    root = create(placement_api, "cn1")
    child = create(placement_api, "numa0", parent=root)
    grandchild = create(placement_api, "pf0", parent=child)
    assert child["parent_provider_uuid"] == root["uuid"]
    assert grandchild["parent_provider_uuid"] == child["uuid"]
    assert {child["root_provider_uuid"], grandchild["root_provider_uuid"]} == {root["uuid"]}


def test_creating_under_a_missing_parent_or_under_itself_is_a_400(placement_api):
    missing = placement_api.post("/resource_providers", {"name": "a", "parent_provider_uuid": str(uuid.uuid4())})
    assert missing.status_code == 400
    assert "parent provider UUID does not exist." in error(missing)["detail"]
    own = str(uuid.uuid4())
    itself = placement_api.post("/resource_providers", {"name": "b", "uuid": own, "parent_provider_uuid": own})
    assert itself.status_code == 400
    assert "parent provider UUID cannot be same as UUID" in error(itself)["detail"]


def test_given_a_root_when_it_gets_a_parent_then_its_subtree_follows_into_the_new_tree(placement_api):
    top = create(placement_api, "top")
    root = create(placement_api, "cn1")
    child = create(placement_api, "numa0", parent=root)
    response = placement_api.put(
        f"/resource_providers/{root['uuid']}", {"name": "cn1", "parent_provider_uuid": top["uuid"]}, version="1.14"
    )
    assert response.status_code == 200
    assert response.json()["root_provider_uuid"] == top["uuid"]
    moved = placement_api.get(f"/resource_providers/{child['uuid']}").json()
    assert moved["root_provider_uuid"] == top["uuid"]


def test_given_1_36_re_parenting_and_un_parenting_are_refused(placement_api):
    root1, root2 = create(placement_api, "cn1"), create(placement_api, "cn2")
    child = create(placement_api, "numa0", parent=root1)
    path = f"/resource_providers/{child['uuid']}"
    moved = placement_api.put(path, {"name": "numa0", "parent_provider_uuid": root2["uuid"]}, version="1.36")
    assert moved.status_code == 400
    assert "re-parenting a provider is not currently allowed." in error(moved)["detail"]
    orphaned = placement_api.put(path, {"name": "numa0", "parent_provider_uuid": None}, version="1.36")
    assert orphaned.status_code == 400
    assert "un-parenting a provider is not currently allowed." in error(orphaned)["detail"]
    same = placement_api.put(path, {"name": "numa1", "parent_provider_uuid": root1["uuid"]}, version="1.36")
    assert same.status_code == 200


def test_given_1_37_a_provider_moves_to_another_tree_with_its_subtree(placement_api):
    root1, root2 = create(placement_api, "cn1"), create(placement_api, "cn2")
    child = create(placement_api, "numa0", parent=root1)
    grandchild = create(placement_api, "pf0", parent=child)
    response = placement_api.put(
        f"/resource_providers/{child['uuid']}", {"name": "numa0", "parent_provider_uuid": root2["uuid"]}
    )
    assert response.status_code == 200
    assert response.json()["parent_provider_uuid"] == root2["uuid"]
    assert placement_api.get(f"/resource_providers/{grandchild['uuid']}").json()["root_provider_uuid"] == root2["uuid"]


def test_given_1_37_an_un_parented_provider_becomes_the_root_of_its_subtree(placement_api):
    root = create(placement_api, "cn1")
    child = create(placement_api, "numa0", parent=root)
    grandchild = create(placement_api, "pf0", parent=child)
    response = placement_api.put(f"/resource_providers/{child['uuid']}", {"name": "numa0", "parent_provider_uuid": None})
    assert response.status_code == 200
    assert response.json()["parent_provider_uuid"] is None
    assert response.json()["root_provider_uuid"] == child["uuid"]
    assert placement_api.get(f"/resource_providers/{grandchild['uuid']}").json()["root_provider_uuid"] == child["uuid"]


def test_a_move_that_would_close_a_loop_is_refused(placement_api):
    root = create(placement_api, "cn1")
    child = create(placement_api, "numa0", parent=root)
    path = f"/resource_providers/{root['uuid']}"
    for parent in (child, root):
        response = placement_api.put(path, {"name": "cn1", "parent_provider_uuid": parent["uuid"]})
        assert response.status_code == 400
        assert "creating loop in the provider tree is not allowed." in error(response)["detail"]


def test_moving_under_a_missing_parent_is_a_400(placement_api):
    provider = create(placement_api, "cn1")
    response = placement_api.put(
        f"/resource_providers/{provider['uuid']}", {"name": "cn1", "parent_provider_uuid": str(uuid.uuid4())}
    )
    assert response.status_code == 400
    assert "parent provider UUID does not exist." in error(response)["detail"]


# Updating


def test_renaming_keeps_the_generation_and_a_taken_name_is_a_duplicate_name_conflict(placement_api):
    provider = create(placement_api, "cn1")
    create(placement_api, "cn2")
    path = f"/resource_providers/{provider['uuid']}"
    renamed = placement_api.put(path, {"name": "cn1-renamed"})
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "cn1-renamed" and renamed.json()["generation"] == 0
    taken = placement_api.put(path, {"name": "cn2"})
    assert taken.status_code == 409
    assert error(taken)["code"] == "placement.duplicate_name"
    assert error(taken)["detail"] == "Conflicting resource provider cn2 already exists."


@pytest.mark.parametrize("body", [{}, {"name": "cn", "generation": 0}, {"name": "cn", "uuid": str(uuid.uuid4())}])
def test_an_update_needs_a_name_and_nothing_else_but_a_parent(placement_api, body):
    provider = create(placement_api, "cn1")
    response = placement_api.put(f"/resource_providers/{provider['uuid']}", body)
    assert response.status_code == 400
    assert error(response)["detail"].startswith("JSON does not validate")


def test_updating_an_unknown_provider_is_not_found(placement_api):
    response = placement_api.put(f"/resource_providers/{uuid.uuid4()}", {"name": "cn1"})
    assert response.status_code == 404


# Deleting


def test_deleting_a_provider_takes_its_traits_and_aggregates_with_it(placement_api):
    provider = create(placement_api, "cn1")
    tag(provider, "HW_CPU_X86_AVX")
    join(provider, uuid.uuid4())
    response = placement_api.delete(f"/resource_providers/{provider['uuid']}")
    assert response.status_code == 204
    assert not ResourceProvider.objects.exists()
    assert not ProviderTrait.objects.exists() and not ProviderAggregate.objects.exists()
    assert placement_api.get(f"/resource_providers/{provider['uuid']}").status_code == 404


def test_deleting_a_parent_is_refused_until_its_children_are_gone(placement_api):
    root = create(placement_api, "cn1")
    child = create(placement_api, "numa0", parent=root)
    response = placement_api.delete(f"/resource_providers/{root['uuid']}")
    assert response.status_code == 409
    assert error(response)["code"] == "placement.resource_provider.cannot_delete_parent"
    assert placement_api.delete(f"/resource_providers/{child['uuid']}").status_code == 204
    assert placement_api.delete(f"/resource_providers/{root['uuid']}").status_code == 204


def test_deleting_a_provider_with_allocations_is_refused_as_in_use(placement_api):
    provider = create(placement_api, "cn1")
    consumer = Consumer.objects.create(uuid=uuid.uuid4(), project_id="p", user_id="u")
    Allocation.objects.create(
        provider=ResourceProvider.objects.get(uuid=provider["uuid"]), consumer=consumer,
        resource_class=ResourceClass.objects.get(name="VCPU"), used=1,
    )
    response = placement_api.delete(f"/resource_providers/{provider['uuid']}")
    assert response.status_code == 409
    assert error(response)["code"] == "placement.resource_provider.inuse"
    assert error(response)["detail"].endswith("Resource provider has allocations.")


def test_deleting_an_unknown_provider_is_not_found(placement_api):
    missing = uuid.uuid4()
    response = placement_api.delete(f"/resource_providers/{missing}")
    assert response.status_code == 404
    assert error(response)["detail"] == f"No resource provider with uuid {missing} found for delete"


# Listing and filters


def test_the_list_is_in_creation_order_and_filters_by_name_and_uuid(placement_api):
    first, second = create(placement_api, "b-first"), create(placement_api, "a-second")
    assert names(placement_api.get("/resource_providers")) == ["b-first", "a-second"]
    assert names(placement_api.get("/resource_providers?name=a-second")) == ["a-second"]
    assert names(placement_api.get(f"/resource_providers?uuid={first['uuid']}")) == ["b-first"]
    assert second["uuid"] != first["uuid"]


@pytest.mark.parametrize("query, version", [
    ("uuid=nope", "1.0"), ("bogus=1", "1.39"), ("member_of=" + str(uuid.UUID(int=1)), "1.2"),
    ("resources=VCPU:1", "1.3"), ("in_tree=" + str(uuid.UUID(int=1)), "1.13"), ("in_tree=nope", "1.14"),
    ("required=HW_CPU_X86_AVX", "1.17"),
])
def test_a_query_parameter_this_microversion_does_not_know_or_a_bad_value_is_a_400(placement_api, query, version):
    response = placement_api.get(f"/resource_providers?{query}", version=version)
    assert response.status_code == 400
    assert error(response)["detail"].startswith("Invalid query string parameters")


def test_resources_is_accepted_from_1_4(placement_api):
    create(placement_api, "cn1")
    assert placement_api.get("/resource_providers?resources=VCPU:1", version="1.4").status_code == 200


def test_in_tree_lists_the_whole_tree_of_any_of_its_members(placement_api):
    root = create(placement_api, "cn1")
    child = create(placement_api, "numa0", parent=root)
    create(placement_api, "cn2")
    assert names(placement_api.get(f"/resource_providers?in_tree={child['uuid']}")) == ["cn1", "numa0"]
    assert names(placement_api.get(f"/resource_providers?in_tree={uuid.uuid4()}")) == []


def test_member_of_takes_one_aggregate_or_any_of_several_from_1_3(placement_api):
    agg1, agg2 = uuid.uuid4(), uuid.uuid4()
    join(create(placement_api, "cn1"), agg1)
    join(create(placement_api, "cn2"), agg2)
    create(placement_api, "cn3")
    assert names(placement_api.get(f"/resource_providers?member_of={agg1}", version="1.3")) == ["cn1"]
    both = placement_api.get(f"/resource_providers?member_of=in:{agg1},{agg2}", version="1.3")
    assert names(both) == ["cn1", "cn2"]


def test_several_aggregates_without_in_are_a_400(placement_api):
    response = placement_api.get(f"/resource_providers?member_of={uuid.uuid4()},{uuid.uuid4()}")
    assert response.status_code == 400
    assert "must be prefixed with the 'in:' or '!in:' keyword" in error(response)["detail"]
    bad = placement_api.get("/resource_providers?member_of=in:nope")
    assert bad.status_code == 400
    assert "Expected 'member_of' parameter to contain valid UUID(s). Got: nope" in error(bad)["detail"]


def test_repeated_member_of_is_refused_before_1_24_and_anded_from_it(placement_api):
    agg1, agg2 = uuid.uuid4(), uuid.uuid4()
    join(create(placement_api, "cn1"), agg1, agg2)
    join(create(placement_api, "cn2"), agg1)
    query = f"/resource_providers?member_of={agg1}&member_of={agg2}"
    old = placement_api.get(query, version="1.23")
    assert old.status_code == 400
    assert error(old)["detail"] == "Multiple member_of parameters are not supported"
    assert names(placement_api.get(query, version="1.24")) == ["cn1"]


def test_forbidden_aggregates_are_refused_before_1_32_and_excluded_from_it(placement_api):
    agg1, agg2 = uuid.uuid4(), uuid.uuid4()
    join(create(placement_api, "cn1"), agg1)
    join(create(placement_api, "cn2"), agg2)
    create(placement_api, "cn3")
    old = placement_api.get(f"/resource_providers?member_of=!{agg1}", version="1.31")
    assert old.status_code == 400
    assert "Forbidden member_of parameters are not supported" in error(old)["detail"]
    assert names(placement_api.get(f"/resource_providers?member_of=!{agg1}", version="1.32")) == ["cn2", "cn3"]
    assert names(placement_api.get(f"/resource_providers?member_of=!in:{agg1},{agg2}")) == ["cn3"]


def test_required_traits_must_all_be_present_from_1_18(placement_api):
    tag(create(placement_api, "cn1"), "HW_CPU_X86_AVX", "HW_CPU_X86_AVX2")
    tag(create(placement_api, "cn2"), "HW_CPU_X86_AVX")
    response = placement_api.get("/resource_providers?required=HW_CPU_X86_AVX,HW_CPU_X86_AVX2", version="1.18")
    assert names(response) == ["cn1"]


def test_an_unknown_required_trait_is_a_400(placement_api):
    response = placement_api.get("/resource_providers?required=CUSTOM_NOPE")
    assert response.status_code == 400
    assert error(response)["detail"] == 'Invalid trait(s) in "required" parameter: No such trait(s): CUSTOM_NOPE.'


def test_forbidden_traits_are_refused_before_1_22_and_excluded_from_it(placement_api):
    tag(create(placement_api, "cn1"), "HW_CPU_X86_AVX")
    create(placement_api, "cn2")
    old = placement_api.get("/resource_providers?required=!HW_CPU_X86_AVX", version="1.21")
    assert old.status_code == 400
    assert "HW_CPU_X86_VMX,CUSTOM_MAGIC. Got: !HW_CPU_X86_AVX" in error(old)["detail"]
    assert names(placement_api.get("/resource_providers?required=!HW_CPU_X86_AVX", version="1.22")) == ["cn2"]


def test_an_empty_trait_in_required_is_a_400(placement_api):
    response = placement_api.get("/resource_providers?required=HW_CPU_X86_AVX,")
    assert response.status_code == 400
    assert "Got an empty trait in" in error(response)["detail"]


def test_any_of_traits_is_refused_before_1_39_and_matches_one_of_them_from_it(placement_api):
    tag(create(placement_api, "cn1"), "HW_CPU_X86_AVX")
    tag(create(placement_api, "cn2"), "HW_CPU_X86_AVX2")
    create(placement_api, "cn3")
    query = "/resource_providers?required=in:HW_CPU_X86_AVX,HW_CPU_X86_AVX2"
    old = placement_api.get(query, version="1.38")
    assert old.status_code == 400
    assert "only supported since microversion 1.39" in error(old)["detail"]
    assert names(placement_api.get(query, version="1.39")) == ["cn1", "cn2"]
    forbidden = placement_api.get("/resource_providers?required=in:HW_CPU_X86_AVX,!HW_CPU_X86_AVX2")
    assert forbidden.status_code == 400
    assert "does not support forbidden traits" in error(forbidden)["detail"]


def test_repeated_required_counts_only_the_last_before_1_39_and_all_from_it(placement_api):
    tag(create(placement_api, "cn1"), "HW_CPU_X86_AVX", "HW_CPU_X86_AVX2")
    tag(create(placement_api, "cn2"), "HW_CPU_X86_AVX2")
    query = "/resource_providers?required=HW_CPU_X86_AVX&required=HW_CPU_X86_AVX2"
    assert names(placement_api.get(query, version="1.38")) == ["cn1", "cn2"]
    assert names(placement_api.get(query, version="1.39")) == ["cn1"]


# Policy


def test_a_user_without_the_admin_role_may_not_touch_providers(placement_api, placement_user):
    provider = create(placement_api, "cn1")
    path = f"/resource_providers/{provider['uuid']}"
    for response in (
        placement_user.get("/resource_providers"),
        placement_user.post("/resource_providers", {"name": "cn2"}),
        placement_user.get(path),
        placement_user.put(path, {"name": "cn3"}),
        placement_user.delete(path),
    ):
        assert response.status_code == 403
        assert error(response)["status"] == 403
    assert ResourceProvider.objects.get().name == "cn1"


class TestResourcesFilter:
    """GET /resource_providers?resources= (1.4): providers with room for every amount, on their own."""

    def test_only_providers_with_room_for_every_amount_are_listed(self, placement_api):
        from tests.placement.candidate_trees import allocate, provider

        roomy = provider("roomy", inventory={"VCPU": 8, "MEMORY_MB": 2048})
        busy = provider("busy", inventory={"VCPU": 8, "MEMORY_MB": 2048})
        allocate(busy, "VCPU", 7)
        provider("no-memory", inventory={"VCPU": 8})
        listed = placement_api.get("/resource_providers?resources=VCPU:2,MEMORY_MB:512", version="1.4").json()
        assert [rp["uuid"] for rp in listed["resource_providers"]] == [str(roomy.uuid)]

    def test_a_bad_resources_value_is_a_400(self, placement_api):
        for value in ("VCPU", "VCPU:0", "NOPE:1"):
            response = placement_api.get(f"/resource_providers?resources={value}", version="1.4")
            assert response.status_code == 400, value

    def test_resources_is_unknown_before_1_4(self, placement_api):
        assert placement_api.get("/resource_providers?resources=VCPU:1", version="1.3").status_code == 400
