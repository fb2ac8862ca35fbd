"""The instance admin: a read-mostly list and change page with actions and faults inline."""
import pytest

from tests.instances.factories import make_instance


@pytest.fixture
def operator(admin_site_operator):
    return admin_site_operator


def test_the_list_shows_status_and_the_change_page_shows_faults_with_state_read_only(operator):
    instance = make_instance("web1", vm_state="error", fault={"message": "No valid host"})
    listing = operator.get("/admin/instances/instance/?q=web1").content.decode()
    assert "web1" in listing and "ERROR" in listing
    page = operator.get(f"/admin/instances/instance/{instance.pk}/change/").content.decode()
    assert "No valid host" in page and 'name="vm_state"' not in page and 'name="display_name"' in page
