"""The flavor services other code calls: lookup, the embedded server form, and the default flavors."""
import io

import pytest
from django.core.management import call_command
from rest_framework.exceptions import NotFound

from flavors import services
from flavors.models import Flavor
from openstack_api.context import RequestContext
from tests.flavors.factories import make_flavor

MEMBER_A = RequestContext("alice", "project-a", ("member", "reader"))
MEMBER_B = RequestContext("carol", "project-b", ("member", "reader"))


class TestGetByFlavorid:
    def test_internal_callers_and_granted_projects_find_a_private_flavor_others_get_a_404(self, db):
        make_flavor("p1", is_public=False, projects=["project-a"])
        assert services.get_by_flavorid("p1").flavorid == "p1"
        assert services.get_by_flavorid("p1", MEMBER_A).flavorid == "p1"
        with pytest.raises(NotFound, match="Flavor p1 could not be found."):
            services.get_by_flavorid("p1", MEMBER_B)

    def test_an_integer_id_finds_the_flavor_by_its_string_id(self, db):
        make_flavor("1")
        assert services.get_by_flavorid(1).flavorid == "1"


class TestToEmbedded:
    @pytest.fixture
    def flavor(self, db):
        return make_flavor("2", "m1.small", 1, 2048, 20, ephemeral_gb=5, swap=0, extra_specs={"hw:cpu_policy": "shared"})

    def test_from_2_47_a_server_embeds_the_sizes_the_original_name_and_the_extra_specs(self, flavor):
        assert services.to_embedded(flavor, "2.47") == {
            "vcpus": 1, "ram": 2048, "disk": 20, "ephemeral": 5, "swap": 0, "original_name": "m1.small",
            "extra_specs": {"hw:cpu_policy": "shared"},
        }

    def test_extra_specs_are_left_out_when_the_callers_policy_forbids_them(self, flavor):
        assert "extra_specs" not in services.to_embedded(flavor, "2.96", include_extra_specs=False)

    def test_before_2_47_a_server_links_to_the_flavor(self, flavor):
        assert services.to_embedded(flavor, "2.46", base_url="http://api:8774/") == {
            "id": "2", "links": [{"rel": "bookmark", "href": "http://api:8774/flavors/2"}]}

    def test_a_snapshot_renders_the_same_after_the_flavor_is_gone(self, flavor):
        kept = services.snapshot(flavor)
        before = services.to_embedded(flavor, "2.47")
        services.delete(flavor)
        assert services.to_embedded(kept, "2.47") == before


class TestDefaults:
    def test_the_m1_flavors_are_created_once_public_with_novas_sizes(self, db):
        created = services.ensure_defaults()
        assert [f.name for f in created] == ["m1.tiny", "m1.small", "m1.medium", "m1.large", "m1.xlarge"]
        assert services.ensure_defaults() == []
        rows = Flavor.objects.order_by("flavorid").values_list("flavorid", "name", "vcpus", "memory_mb", "root_gb",
                                                                "is_public")
        assert list(rows) == [("1", "m1.tiny", 1, 512, 1, True), ("2", "m1.small", 1, 2048, 20, True),
                              ("3", "m1.medium", 2, 4096, 40, True), ("4", "m1.large", 4, 8192, 80, True),
                              ("5", "m1.xlarge", 8, 16384, 160, True)]

    def test_an_operators_flavor_holding_a_default_id_or_name_is_left_alone(self, db):
        make_flavor("1", "custom-one", vcpus=3)
        make_flavor("x", "m1.small")
        created = services.ensure_defaults()
        assert [f.name for f in created] == ["m1.medium", "m1.large", "m1.xlarge"]
        assert Flavor.objects.get(flavorid="1").name == "custom-one"

    def test_bootstrap_creates_the_defaults_and_a_second_run_changes_nothing(self, db, settings, tmp_path):
        settings.VAR_DIR = tmp_path
        out = io.StringIO()
        call_command("bootstrap", stdout=out)
        assert "m1.tiny (id 1)" in out.getvalue()
        stamps = list(Flavor.objects.order_by("flavorid").values_list("flavorid", "updated_at"))
        second = io.StringIO()
        call_command("bootstrap", stdout=second)
        assert "flavor" not in second.getvalue().replace("clouds.yaml", "")
        assert list(Flavor.objects.order_by("flavorid").values_list("flavorid", "updated_at")) == stamps
        assert len(stamps) == 5
