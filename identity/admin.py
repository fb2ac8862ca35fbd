"""The operator's read-only view of identity records (changes go through the Identity API)."""
from django.contrib import admin

from identity.models import Domain, Project, Role, RoleAssignment, User


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
    list_display = ("name", "id", "domain", "enabled")
    search_fields = ("name", "id")


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
