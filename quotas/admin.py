"""The operator's view of quota limits set through the API, read-only (the API checks and sets them)."""
from django.contrib import admin

from quotas.models import ProjectQuota, QuotaClass


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ProjectQuota)
class ProjectQuotaAdmin(ReadOnlyAdmin):
    list_display = ("project_id", "resource", "hard_limit", "updated_at")
    list_filter = ("resource",)
    search_fields = ("project_id",)


@admin.register(QuotaClass)
class QuotaClassAdmin(ReadOnlyAdmin):
    list_display = ("class_name", "resource", "hard_limit", "updated_at")
    list_filter = ("class_name",)
