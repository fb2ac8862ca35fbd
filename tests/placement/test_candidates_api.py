"""GET /allocation_candidates: capacity, traits, aggregates, trees, groups and formats per microversion."""
import uuid

import pytest

from tests.placement.candidate_trees import allocate, provider

AGG_A = uuid.UUID("aaaaaaaa-0000-4000-8000-000000000001")
AGG_B = uuid.UUID("bbbbbbbb-0000-4000-8000-000000000002")
COMPUTE = {"VCPU": 8, "MEMORY_MB": 4096, "DISK_GB": 100}


def candidates(api, query, version="1.39", status=200):
    response = api.get(f"/allocation_candidates?{query}", version=version)
    assert response.status_code == status, response.content
    return response.json()


def providers_of(body):
    """The set of provider uuids of each allocation request, in order."""
    return [frozenset(request["allocations"]) for request in body["allocation_requests"]]


class TestCapacity:
    def test_only_providers_with_room_for_every_class_are_candidates(self, placement_api):
        roomy = provider("roomy", inventory=COMPUTE)
        provider("small", inventory={"VCPU": 2, "MEMORY_MB": 4096})
        body = candidates(placement_api, "resources=VCPU:4,MEMORY_MB:1024")
        assert providers_of(body) == [{str(roomy.uuid)}]
        assert body["allocation_requests"][0]["allocations"][str(roomy.uuid)] == {
            "resources": {"VCPU": 4, "MEMORY_MB": 1024}}

    def test_reserved_ratio_and_usage_decide_the_room(self, placement_api):
        rp = provider("rp", inventory={"VCPU": {"total": 8, "reserved": 2, "allocation_ratio": 2.0, "max_unit": 8}})
        allocate(rp, "VCPU", 10)
        assert providers_of(candidates(placement_api, "resources=VCPU:2")) == [{str(rp.uuid)}]
        assert candidates(placement_api, "resources=VCPU:3")["allocation_requests"] == []
        summary = candidates(placement_api, "resources=VCPU:1")["provider_summaries"][str(rp.uuid)]
        assert summary["resources"]["VCPU"] == {"capacity": 12, "used": 10}

    def test_min_unit_max_unit_and_step_size_are_honoured(self, placement_api):
        provider("rp", inventory={"MEMORY_MB": {"total": 4096, "min_unit": 512, "max_unit": 2048, "step_size": 256}})
        for amount, expected in [(256, 0), (512, 1), (768, 1), (700, 0), (4096, 0)]:
            body = candidates(placement_api, f"resources=MEMORY_MB:{amount}")
            assert len(body["allocation_requests"]) == expected, amount

    def test_limit_caps_the_number_of_requests(self, placement_api):
        for index in range(5):
            provider(f"cn{index}", inventory=COMPUTE)
        assert len(candidates(placement_api, "resources=VCPU:1&limit=2")["allocation_requests"]) == 2
        assert len(candidates(placement_api, "resources=VCPU:1")["allocation_requests"]) == 5


class TestTraitsAndAggregates:
    def test_required_and_forbidden_traits_filter_providers(self, placement_api):
        avx = provider("avx", inventory=COMPUTE, traits=["HW_CPU_X86_AVX2"])
        ssd = provider("ssd", inventory=COMPUTE, traits=["HW_CPU_X86_AVX2", "STORAGE_DISK_SSD"])
        assert set(providers_of(candidates(placement_api, "resources=VCPU:1&required=HW_CPU_X86_AVX2"))) == {
            frozenset({str(avx.uuid)}), frozenset({str(ssd.uuid)})}
        body = candidates(placement_api, "resources=VCPU:1&required=HW_CPU_X86_AVX2,!STORAGE_DISK_SSD")
        assert providers_of(body) == [{str(avx.uuid)}]

    def test_any_of_traits_with_in_from_1_39(self, placement_api):
        sse = provider("sse", inventory=COMPUTE, traits=["HW_CPU_X86_SSE2"])
        provider("plain", inventory=COMPUTE)
        query = "resources=VCPU:1&required=in:HW_CPU_X86_AVX2,HW_CPU_X86_SSE2"
        assert providers_of(candidates(placement_api, query)) == [{str(sse.uuid)}]
        candidates(placement_api, query, version="1.38", status=400)

    def test_forbidden_traits_need_1_22(self, placement_api):
        provider("rp", inventory=COMPUTE)
        candidates(placement_api, "resources=VCPU:1&required=!STORAGE_DISK_SSD", version="1.21", status=400)

    def test_member_of_any_of_and_forbidden_aggregates(self, placement_api):
        in_a = provider("in-a", inventory=COMPUTE, aggregates=[AGG_A])
        in_b = provider("in-b", inventory=COMPUTE, aggregates=[AGG_B])
        provider("nowhere", inventory=COMPUTE)
        assert providers_of(candidates(placement_api, f"resources=VCPU:1&member_of={AGG_A}")) == [{str(in_a.uuid)}]
        both = candidates(placement_api, f"resources=VCPU:1&member_of=in:{AGG_A},{AGG_B}")
        assert set(providers_of(both)) == {frozenset({str(in_a.uuid)}), frozenset({str(in_b.uuid)})}
        not_a = candidates(placement_api, f"resources=VCPU:1&member_of=!{AGG_A}")
        assert str(in_a.uuid) not in {u for request in providers_of(not_a) for u in request}

    def test_an_unknown_trait_is_a_bad_request(self, placement_api):
        body = candidates(placement_api, "resources=VCPU:1&required=CUSTOM_NOPE", status=400)
        assert "CUSTOM_NOPE" in body["errors"][0]["detail"]

    def test_root_required_looks_at_the_root_only(self, placement_api):
        root = provider("root", inventory={"VCPU": 8}, traits=["COMPUTE_STATUS_DISABLED"])
        provider("other", inventory={"VCPU": 8})
        body = candidates(placement_api, "resources=VCPU:1&root_required=!COMPUTE_STATUS_DISABLED")
        assert str(root.uuid) not in {u for request in providers_of(body) for u in request}
        candidates(placement_api, "resources=VCPU:1&root_required=!COMPUTE_STATUS_DISABLED", version="1.34",
                   status=400)


class TestTrees:
    @pytest.fixture
    def host(self, db):
        """A compute node with two NIC children of 4 VFs each."""
        root = provider("cn", inventory={"VCPU": 8, "MEMORY_MB": 4096})
        pf1 = provider("pf1", parent=root, inventory={"SRIOV_NET_VF": 4}, traits=["CUSTOM_PHYSNET_A"])
        pf2 = provider("pf2", parent=root, inventory={"SRIOV_NET_VF": 4}, traits=["CUSTOM_PHYSNET_B"])
        return root, pf1, pf2

    def test_the_unsuffixed_group_spans_the_tree_from_1_29(self, placement_api, host):
        root, pf1, pf2 = host
        body = candidates(placement_api, "resources=VCPU:1,SRIOV_NET_VF:1")
        assert set(providers_of(body)) == {frozenset({str(root.uuid), str(pf1.uuid)}),
                                           frozenset({str(root.uuid), str(pf2.uuid)})}
        assert candidates(placement_api, "resources=VCPU:1,SRIOV_NET_VF:1", version="1.28")[
            "allocation_requests"] == []

    def test_numbered_groups_each_come_from_one_provider(self, placement_api, host):
        root, pf1, pf2 = host
        query = "resources=VCPU:1&resources1=SRIOV_NET_VF:1&required1=CUSTOM_PHYSNET_B&group_policy=none"
        body = candidates(placement_api, query)
        assert providers_of(body) == [{str(root.uuid), str(pf2.uuid)}]
        assert body["allocation_requests"][0]["mappings"] == {"": [str(root.uuid)], "1": [str(pf2.uuid)]}

    def test_group_policy_isolate_keeps_numbered_groups_apart(self, placement_api, host):
        query = "resources1=SRIOV_NET_VF:1&resources2=SRIOV_NET_VF:1&group_policy="
        isolated = candidates(placement_api, query + "isolate")["allocation_requests"]
        shared = candidates(placement_api, query + "none")["allocation_requests"]
        assert all(len(request["allocations"]) == 2 for request in isolated)
        assert len(isolated) == 1  # pf1+pf2 (the mirror image is the same allocation)
        assert len(shared) == 3  # pf1 twice, pf2 twice, or one of each

    def test_two_groups_on_one_provider_must_fit_together(self, placement_api, host):
        query = "resources1=SRIOV_NET_VF:3&resources2=SRIOV_NET_VF:3&group_policy=none"
        assert len(candidates(placement_api, query)["allocation_requests"]) == 1  # only pf1+pf2

    def test_more_than_one_numbered_group_needs_a_group_policy(self, placement_api, host):
        body = candidates(placement_api, "resources1=VCPU:1&resources2=VCPU:1", status=400)
        assert "group_policy" in body["errors"][0]["detail"]

    def test_in_tree_restricts_to_one_tree(self, placement_api, host):
        provider("elsewhere", inventory={"VCPU": 8, "MEMORY_MB": 4096})
        root = host[0]
        body = candidates(placement_api, f"resources=VCPU:1&in_tree={host[1].uuid}")
        assert providers_of(body) == [{str(root.uuid)}]

    def test_same_subtree_keeps_groups_under_one_provider(self, placement_api, db):
        root = provider("cn2", inventory={"VCPU": 8})
        nic = provider("nic", parent=root, traits=["CUSTOM_NIC"])
        port = provider("port", parent=nic, inventory={"SRIOV_NET_VF": 2})
        provider("stray", parent=root, inventory={"SRIOV_NET_VF": 2})
        query = ("resources=VCPU:1&resources_vf=SRIOV_NET_VF:1&required_nic=CUSTOM_NIC"
                 "&same_subtree=_vf,_nic&group_policy=none")
        body = candidates(placement_api, query)
        assert providers_of(body) == [{str(root.uuid), str(port.uuid)}]
        assert body["allocation_requests"][0]["mappings"]["_nic"] == [str(nic.uuid)]

    def test_summaries_show_the_whole_tree_with_parents_from_1_29(self, placement_api, host):
        root, pf1, pf2 = host
        summaries = candidates(placement_api, "resources=VCPU:1")["provider_summaries"]
        assert set(summaries) == {str(root.uuid), str(pf1.uuid), str(pf2.uuid)}
        assert summaries[str(pf1.uuid)]["parent_provider_uuid"] == str(root.uuid)
        assert summaries[str(pf1.uuid)]["root_provider_uuid"] == str(root.uuid)
        assert summaries[str(pf1.uuid)]["traits"] == ["CUSTOM_PHYSNET_A"]


class TestSharing:
    def test_a_sharing_provider_serves_the_trees_of_its_aggregate(self, placement_api):
        compute = provider("cn", inventory={"VCPU": 8, "MEMORY_MB": 4096}, aggregates=[AGG_A])
        storage = provider("nfs", inventory={"DISK_GB": 1000}, traits=["MISC_SHARES_VIA_AGGREGATE"],
                           aggregates=[AGG_A])
        provider("lonely", inventory={"VCPU": 8, "MEMORY_MB": 4096})
        body = candidates(placement_api, "resources=VCPU:1,DISK_GB:100")
        assert providers_of(body) == [{str(compute.uuid), str(storage.uuid)}]


class TestFormats:
    def test_before_1_12_allocations_are_a_list_and_summaries_hold_only_requested_classes(self, placement_api):
        rp = provider("rp", inventory=COMPUTE)
        body = candidates(placement_api, "resources=VCPU:1", version="1.10")
        assert body["allocation_requests"] == [
            {"allocations": [{"resource_provider": {"uuid": str(rp.uuid)}, "resources": {"VCPU": 1}}]}]
        assert body["provider_summaries"] == {str(rp.uuid): {"resources": {"VCPU": {"capacity": 8, "used": 0}}}}

    def test_from_1_27_summaries_hold_every_class_and_from_1_34_requests_carry_mappings(self, placement_api):
        rp = provider("rp", inventory=COMPUTE)
        assert set(candidates(placement_api, "resources=VCPU:1", version="1.27")["provider_summaries"][
            str(rp.uuid)]["resources"]) == {"VCPU", "MEMORY_MB", "DISK_GB"}
        assert "mappings" not in candidates(placement_api, "resources=VCPU:1", version="1.33")[
            "allocation_requests"][0]
        assert candidates(placement_api, "resources=VCPU:1", version="1.34")["allocation_requests"][0][
            "mappings"] == {"": [str(rp.uuid)]}

    def test_the_resource_is_missing_before_1_10(self, placement_api):
        assert placement_api.get("/allocation_candidates?resources=VCPU:1", version="1.9").status_code == 404


class TestBadRequests:
    @pytest.mark.parametrize("query, version", [
        ("resources=VCPU:1&limit=2", "1.15"),
        ("resources=VCPU:1&required=HW_CPU_X86_AVX2", "1.16"),
        ("resources1=VCPU:1", "1.24"),
        ("resources_x=VCPU:1", "1.32"),
        ("resources=VCPU:1&in_tree=" + str(AGG_A), "1.30"),
        ("resources=VCPU:1&same_subtree=_a", "1.35"),
        ("resources=VCPU:0", "1.39"),
        ("resources=VCPU", "1.39"),
        ("resources=NOT_A_CLASS:1", "1.39"),
        ("resources=VCPU:1&limit=0", "1.39"),
        ("resources=VCPU:1&group_policy=sometimes", "1.39"),
        ("resources=VCPU:1&member_of=not-a-uuid", "1.39"),
        ("required=HW_CPU_X86_AVX2", "1.39"),
        ("resources=VCPU:1&required1=HW_CPU_X86_AVX2", "1.39"),
    ])
    def test_queries_the_microversion_does_not_allow_are_400s(self, placement_api, query, version):
        error = candidates(placement_api, query, version=version, status=400)["errors"][0]
        if version >= "1.23":
            assert error["code"].startswith("placement.")
        else:  # error codes arrived in 1.23
            assert "code" not in error

    def test_a_non_admin_is_forbidden(self, placement_user):
        response = placement_user.get("/allocation_candidates?resources=VCPU:1")
        assert response.status_code == 403
        assert response.json()["errors"][0]["status"] == 403


class TestLimitWalk:
    def test_a_limit_skips_trees_that_pass_the_walk_but_fail_the_whole_check(self, placement_api):
        one_nic = provider("one-nic", inventory={"VCPU": 4})
        provider("one-nic-pf", parent=one_nic, inventory={"SRIOV_NET_VF": 4})
        two_nics = provider("two-nics", inventory={"VCPU": 4})
        pf_a = provider("pf-a", parent=two_nics, inventory={"SRIOV_NET_VF": 4})
        pf_b = provider("pf-b", parent=two_nics, inventory={"SRIOV_NET_VF": 4})
        query = "resources1=SRIOV_NET_VF:1&resources2=SRIOV_NET_VF:1&group_policy=isolate&limit=1"
        assert providers_of(candidates(placement_api, query)) == [{str(pf_a.uuid), str(pf_b.uuid)}]

    def test_with_a_sharing_provider_a_limit_still_finds_shared_trees(self, placement_api):
        provider("no-disk", inventory={"VCPU": 8})
        compute = provider("cn", inventory={"VCPU": 8}, aggregates=[AGG_A])
        storage = provider("nfs", inventory={"DISK_GB": 100}, traits=["MISC_SHARES_VIA_AGGREGATE"], aggregates=[AGG_A])
        body = candidates(placement_api, "resources=VCPU:1,DISK_GB:10&limit=1")
        assert providers_of(body) == [{str(compute.uuid), str(storage.uuid)}]
