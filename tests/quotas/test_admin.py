"""The operator's read-only pages of project quotas and quota classes."""
import pytest

from quotas.limits import set_class, set_project
from quotas.models import ProjectQuota


@pytest.fixture
def operator(admin_site_operator):
    return admin_site_operator


def test_project_quotas_and_quota_classes_are_listed_read_only(operator):
    set_project("project-q", {"instances": 2})
    set_class("default", {"cores": 40})
    assert "project-q" in operator.get("/admin/quotas/projectquota/").content.decode()
    assert "40" in operator.get("/admin/quotas/quotaclass/").content.decode()
    page = operator.get(f"/admin/quotas/projectquota/{ProjectQuota.objects.get().pk}/change/").content.decode()
    assert "instances" in page and 'name="hard_limit"' not in page
    assert operator.get("/admin/quotas/projectquota/add/").status_code == 403
