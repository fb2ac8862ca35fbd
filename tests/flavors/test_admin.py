"""The flavor admin: list, change page with extra specs and access inline, sizes fixed once created."""
import pytest

from flavors.models import Flavor
from tests.flavors.factories import make_flavor


@pytest.fixture
def operator(admin_site_operator):
    return admin_site_operator


def test_the_changelist_and_the_change_page_show_the_flavor_its_specs_and_its_projects(operator):
    flavor = make_flavor("1", "m1.tiny", extra_specs={"hw:cpu_policy": "shared"}, projects=["project-a"],
                         is_public=False)
    assert b"m1.tiny" in operator.get("/admin/flavors/flavor/").content
    page = operator.get(f"/admin/flavors/flavor/{flavor.pk}/change/").content.decode()
    assert "hw:cpu_policy" in page and "project-a" in page


def test_an_operator_adds_a_flavor_with_an_extra_spec_inline(operator):
    form = {
        "flavorid": "9", "name": "custom", "vcpus": "2", "memory_mb": "1024", "root_gb": "10",
        "ephemeral_gb": "0", "swap": "0", "rxtx_factor": "1.0", "is_public": "on",
        "extra_specs-TOTAL_FORMS": "1", "extra_specs-INITIAL_FORMS": "0",
        "extra_specs-0-key": "trait:HW_CPU_X86_AVX2", "extra_specs-0-value": "required",
        "projects-TOTAL_FORMS": "0", "projects-INITIAL_FORMS": "0",
    }
    response = operator.post("/admin/flavors/flavor/add/", form)
    assert response.status_code == 302, response.content
    flavor = Flavor.objects.get(flavorid="9")
    assert list(flavor.extra_specs.values_list("key", "value")) == [("trait:HW_CPU_X86_AVX2", "required")]


def test_sizes_of_an_existing_flavor_are_read_only(operator):
    flavor = make_flavor("1", "m1.tiny")
    page = operator.get(f"/admin/flavors/flavor/{flavor.pk}/change/").content.decode()
    assert 'name="memory_mb"' not in page and 'name="description"' in page
