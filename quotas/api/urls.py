"""Quota URLs of the Compute API (under /v2.1/)."""
from django.urls import path

from quotas.api import limits, quota_class_sets, quota_sets

urlpatterns = [
    path("os-quota-sets/<str:project_id>", quota_sets.QuotaSetView.as_view()),
    path("os-quota-sets/<str:project_id>/detail", quota_sets.QuotaSetDetailView.as_view()),
    path("os-quota-sets/<str:project_id>/defaults", quota_sets.QuotaSetDefaultsView.as_view()),
    path("os-quota-class-sets/<str:class_name>", quota_class_sets.QuotaClassSetView.as_view()),
    path("limits", limits.LimitsView.as_view()),
]
