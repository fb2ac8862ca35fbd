"""The operator's view of the service registry."""
from django.contrib import admin

from hosts import health
from hosts.models import Aggregate, AggregateHost, Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("binary", "host", "status", "state", "disabled_reason", "forced_down", "last_seen_up")
    list_filter = ("binary", "disabled", "forced_down")
    search_fields = ("host", "binary")

    @admin.display(description="Status")
    def status(self, service):
        return "disabled" if service.disabled else "enabled"

    @admin.display(description="State")
    def state(self, service):
        return health.state(service)

    def get_readonly_fields(self, request, obj=None):
        # Enabling and disabling go through hosts.services (the API's path), never a raw form save.
        return [field.name for field in Service._meta.fields]

    def has_add_permission(self, request):
        return False


class AggregateHostInline(admin.TabularInline):
    model = AggregateHost
    extra = 0
    can_delete = False
    readonly_fields = ("host",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Aggregate)
class AggregateAdmin(admin.ModelAdmin):
    """Read-only: changes go through hosts.aggregates (the API's path), which checks zones and mirrors Placement."""

    list_display = ("name", "availability_zone", "uuid", "created_at")
    search_fields = ("name",)
    inlines = [AggregateHostInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Aggregate._meta.fields]

    def has_add_permission(self, request):
        return False
