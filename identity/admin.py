"""The operator's read-only view of identity records (changes go through the Identity API)."""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from identity.models import Domain, Project, Role, RoleAssignment, User
from quotas import overview


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Domain)
class DomainAdmin(ReadOnlyAdmin):
    list_display = ("name", "id", "enabled")


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    """Each project with what its servers hold against its limits (`quotas.overview`, the API's rules)."""

    list_display = ("name", "id", "domain", "enabled", "instances", "cores", "ram")
    search_fields = ("name", "id")

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "quota_set"]

    def get_changelist_instance(self, request):
        """The page's projects get their usage and limits in two queries, not per row."""
        changelist = super().get_changelist_instance(request)
        overview.attach(changelist.result_list)
        return changelist

    @admin.display(description="instances")
    def instances(self, project):
        url = f"{reverse('admin:instances_instance_changelist')}?project_id={project.pk}"
        return format_html('<a href="{}">{}</a>', url, overview.figure(project, "instances"))

    @admin.display(description="cores")
    def cores(self, project):
        return overview.figure(project, "cores")

    @admin.display(description="RAM")
    def ram(self, project):
        return overview.figure(project, "ram", " MB")

    @admin.display(description="quotas")
    def quota_set(self, project):
        return overview.table(project.pk)


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("name", "id", "domain", "enabled", "default_project")
    search_fields = ("name", "id")
    exclude = ("password",)

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name != "password"]


@admin.register(Role)
class RoleAdmin(ReadOnlyAdmin):
    list_display = ("name", "id")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("user", "role", "project", "domain", "system")
    list_filter = ("role",)
