"""The operator's view of server groups and their members, read-only (the API checks quotas)."""
from django.contrib import admin

from server_groups.models import ServerGroup, ServerGroupMember


class MemberInline(admin.TabularInline):
    model = ServerGroupMember
    extra = 0
    can_delete = False
    readonly_fields = ("instance", "claimed_host", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ServerGroup)
class ServerGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "policy", "project_id", "uuid", "created_at")
    list_filter = ("policy",)
    search_fields = ("name", "project_id", "uuid")
    inlines = [MemberInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in ServerGroup._meta.fields]

    def has_add_permission(self, request):
        return False
