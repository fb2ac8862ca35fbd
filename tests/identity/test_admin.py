"""The operator's read-only pages of identity records: no password hash on show."""
import pytest


@pytest.fixture
def operator(admin_site_operator):
    return admin_site_operator


def test_users_are_listed_and_shown_without_their_password_hash(operator, keystone):
    assert "demo" in operator.get("/admin/identity/user/").content.decode()
    page = operator.get(f"/admin/identity/user/{keystone['demo'].id}/change/").content.decode()
    assert "demo" in page and "pbkdf2" not in page and 'name="name"' not in page


def test_role_assignments_and_projects_are_listed(operator, keystone):
    assert "member" in operator.get("/admin/identity/roleassignment/").content.decode()
    assert "demo" in operator.get("/admin/identity/project/").content.decode()
