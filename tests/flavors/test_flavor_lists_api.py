"""GET /flavors and /flavors/detail: visibility, filters, sorting, pagination and query counts."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.flavors.factories import make_flavor


@pytest.fixture
def catalogue(db):
    """Three public flavors, a private one for project-a, a disabled one and one nobody was granted."""
    make_flavor("1", "m1.tiny", 1, 512, 1)
    make_flavor("2", "m1.small", 1, 2048, 20)
    make_flavor("3", "m1.medium", 2, 4096, 40)
    make_flavor("p1", "private-a", 1, 256, 1, is_public=False, projects=["project-a"])
    make_flavor("d1", "retired", 1, 256, 1, disabled=True)
    make_flavor("p2", "private-nobody", 1, 256, 1, is_public=False)


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [flavor["id"] for flavor in response.json()["flavors"]]


class TestVisibility:
    def test_a_member_sees_public_enabled_flavors_and_private_ones_granted_to_the_project(self, member_api, catalogue):
        assert ids(member_api.get("/v2.1/flavors")) == ["1", "2", "3", "p1"]

    def test_another_project_does_not_see_the_private_flavor(self, other_project_api, catalogue):
        assert ids(other_project_api.get("/v2.1/flavors")) == ["1", "2", "3"]

    def test_a_member_cannot_widen_the_list_with_is_public(self, member_api, catalogue):
        assert ids(member_api.get("/v2.1/flavors?is_public=none")) == ["1", "2", "3", "p1"]

    def test_an_admin_sees_public_ones_by_default_and_chooses_with_is_public(self, admin_api, catalogue):
        assert ids(admin_api.get("/v2.1/flavors")) == ["1", "2", "3", "d1"]
        assert ids(admin_api.get("/v2.1/flavors?is_public=false")) == ["p1", "p2"]
        assert ids(admin_api.get("/v2.1/flavors?is_public=None")) == ["1", "2", "3", "d1", "p1", "p2"]

    def test_a_bad_is_public_is_a_400(self, admin_api, catalogue):
        response = admin_api.get("/v2.1/flavors?is_public=maybe")
        assert response.status_code == 400
        assert response.json()["badRequest"]["message"] == "Invalid is_public filter [maybe]"


class TestBodies:
    def test_the_summary_list_has_id_name_and_links_and_a_description_from_2_55(self, member_api, catalogue):
        flavor = member_api.get("/v2.1/flavors").json()["flavors"][0]
        assert flavor == {"id": "1", "name": "m1.tiny", "links": [
            {"rel": "self", "href": "http://testserver/v2.1/flavors/1"},
            {"rel": "bookmark", "href": "http://testserver/flavors/1"}]}
        assert member_api.get("/v2.1/flavors", version="2.55").json()["flavors"][0]["description"] is None

    def test_the_detail_list_has_every_field_and_extra_specs_from_2_61(self, member_api, db):
        make_flavor("1", extra_specs={"trait:HW_CPU_X86_AVX2": "required"})
        old = member_api.get("/v2.1/flavors/detail", version="2.60").json()["flavors"][0]
        new = member_api.get("/v2.1/flavors/detail", version="2.61").json()["flavors"][0]
        assert old["ram"] == 512 and old["swap"] == "" and "extra_specs" not in old
        assert new["extra_specs"] == {"trait:HW_CPU_X86_AVX2": "required"}
        assert "extra_specs" not in member_api.get("/v2.1/flavors", version="2.61").json()["flavors"][0]


class TestFiltersAndSorting:
    def test_min_ram_and_min_disk_filter_at_or_above(self, member_api, catalogue):
        assert ids(member_api.get("/v2.1/flavors?minRam=2048")) == ["2", "3"]
        assert ids(member_api.get("/v2.1/flavors?minDisk=40")) == ["3"]

    def test_a_non_integer_min_ram_is_a_400(self, member_api, catalogue):
        response = member_api.get("/v2.1/flavors?minRam=lots")
        assert response.json()["badRequest"]["message"] == "Invalid minRam filter [lots]"

    def test_sort_key_and_direction(self, member_api, catalogue):
        assert ids(member_api.get("/v2.1/flavors?sort_key=memory_mb&sort_dir=desc")) == ["3", "2", "1", "p1"]
        assert ids(member_api.get("/v2.1/flavors?sort_key=name")) == ["3", "2", "1", "p1"]

    def test_an_unknown_sort_key_is_a_400_in_novas_query_wording(self, member_api, catalogue):
        message = member_api.get("/v2.1/flavors?sort_key=colour").json()["badRequest"]["message"]
        assert message.startswith("Invalid input for query parameters sort_key. Value: colour. 'colour' is not one of")

    def test_unknown_parameters_are_ignored_before_2_75_and_refused_from_it(self, member_api, catalogue):
        assert member_api.get("/v2.1/flavors?colour=red", version="2.74").status_code == 200
        response = member_api.get("/v2.1/flavors?colour=red", version="2.75")
        assert response.status_code == 400
        assert response.json()["badRequest"]["message"] == "Additional properties are not allowed ('colour' was unexpected)"


class TestPagination:
    def test_a_full_page_links_to_the_next_one_which_continues_after_the_marker(self, member_api, catalogue):
        first = member_api.get("/v2.1/flavors/detail?limit=2&sort_key=memory_mb")
        assert ids(first) == ["p1", "1"]
        assert first.json()["flavors_links"] == [{"rel": "next", "href": (
            "http://testserver/v2.1/flavors/detail?limit=2&sort_key=memory_mb&marker=1")}]
        second = member_api.get("/v2.1/flavors/detail?limit=2&sort_key=memory_mb&marker=1")
        assert ids(second) == ["2", "3"]
        third = member_api.get("/v2.1/flavors/detail?limit=2&sort_key=memory_mb&marker=3")
        assert ids(third) == [] and "flavors_links" not in third.json()

    def test_equal_sort_values_page_by_id_without_repeats_or_gaps(self, admin_api, db):
        for n in range(5):
            make_flavor(f"f{n}", memory_mb=1024)
        seen, marker = [], None
        while True:
            response = admin_api.get("/v2.1/flavors?limit=2&sort_key=memory_mb&sort_dir=desc"
                                     + (f"&marker={marker}" if marker else ""))
            seen += ids(response)
            if "flavors_links" not in response.json():
                break
            marker = seen[-1]
        assert sorted(seen) == [f"f{n}" for n in range(5)] and len(seen) == 5

    def test_a_short_page_has_no_next_link(self, member_api, catalogue):
        assert "flavors_links" not in member_api.get("/v2.1/flavors?limit=10").json()

    def test_an_unknown_or_invisible_marker_is_a_400(self, member_api, catalogue):
        for marker in ("nope", "p2"):
            response = member_api.get(f"/v2.1/flavors?marker={marker}")
            assert response.status_code == 400
            assert response.json()["badRequest"]["message"] == f"marker [{marker}] not found"

    def test_a_negative_or_non_numeric_limit_is_a_400(self, member_api, catalogue):
        for limit in ("-1", "ten"):
            message = member_api.get(f"/v2.1/flavors?limit={limit}").json()["badRequest"]["message"]
            assert message.startswith(f"Invalid input for query parameters limit. Value: {limit}.")


class TestQueryCounts:
    @pytest.mark.parametrize("path", ["/v2.1/flavors", "/v2.1/flavors/detail"])
    def test_lists_take_the_same_number_of_queries_for_3_or_30_flavors(self, member_api, db, path):
        def count():
            with CaptureQueriesContext(connection) as queries:
                assert member_api.get(path + "?marker=f00", version="2.61").status_code == 200
            return len(queries)

        for n in range(3):
            make_flavor(f"f{n:02}", extra_specs={"hw:cpu_policy": "shared"}, projects=["project-a"], is_public=False)
        few = count()
        for n in range(3, 30):
            make_flavor(f"f{n:02}", extra_specs={"a": "1", "b": "2"}, projects=["project-a", "x"], is_public=False)
        assert count() == few <= 3

    def test_a_detail_list_needs_at_most_three_queries(self, member_api, catalogue, django_assert_max_num_queries):
        with django_assert_max_num_queries(3):
            member_api.get("/v2.1/flavors/detail?marker=1", version="2.61")
