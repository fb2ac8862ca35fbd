"""The operator's view of flavors, with their extra specs and access list inline."""
from django.contrib import admin
from django.utils.html import format_html_join

from flavors.models import Flavor, FlavorAccess, FlavorExtraSpec


class FlavorExtraSpecInline(admin.TabularInline):
    model = FlavorExtraSpec
    extra = 0


class FlavorAccessInline(admin.TabularInline):
    model = FlavorAccess
    extra = 0


@admin.register(Flavor)
class FlavorAdmin(admin.ModelAdmin):
    list_display = ("name", "flavorid", "vcpus", "memory_mb", "root_gb", "ephemeral_gb", "swap",
                    "is_public", "disabled", "specs")
    list_filter = ("is_public", "disabled")
    search_fields = ("name", "flavorid", "description")
    ordering = ("flavorid",)
    inlines = [FlavorExtraSpecInline, FlavorAccessInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("extra_specs")

    @admin.display(description="extra specs")
    def specs(self, flavor):
        """Every key=value, one a line: what the scheduler will ask of a host (one query for the page)."""
        specs = sorted((spec.key, spec.value) for spec in flavor.extra_specs.all())
        return format_html_join("", "<div>{}={}</div>", specs) or "—"

    def get_readonly_fields(self, request, obj=None):
        # Nova never changes a flavor's sizes once made (servers are billed and placed by them);
        # an existing flavor's id, name and sizes stay as created.
        if obj is None:
            return ("created_at", "updated_at")
        return ("flavorid", "name", "vcpus", "memory_mb", "root_gb", "ephemeral_gb", "swap", "rxtx_factor",
                "created_at", "updated_at")
