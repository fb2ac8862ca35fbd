"""The operator's view of Placement: resource providers with their inventories, usage, traits and aggregates.

Read-only: inventories, traits and aggregates change through the Placement API (generations guard
every write there), and agents keep their providers in sync, so an edit here would be overwritten
or would race them. Usage is the sum of the allocations, by the capacity rule's own query.
"""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from dashboard.bars import bar
from hosts.models import Aggregate
from placement.models import ProviderAggregate, ResourceProvider, Trait
from placement.services import usages


def describe(name: str, row) -> str:
    """"VCPU 3 / 16 (×16.0)": used of total as set, the ratio, and what is held back, if anything."""
    reserved = f", {row.reserved} reserved" if row.reserved else ""
    return f"{name} {row.used} / {row.total} (×{float(row.allocation_ratio)}{reserved})"


def inventory_bars(inventories) -> str:
    """One bar per resource class, measured against its capacity ((total - reserved) × ratio)."""
    if not inventories:
        return "—"
    return format_html_join("", "<div>{}</div>", ((bar(row.used, row.capacity, describe(name, row)),)
                                                  for name, row in inventories))


def provider_link(provider: ResourceProvider | None) -> str:
    if provider is None:
        return "—"
    url = reverse("admin:placement_resourceprovider_change", args=[provider.pk])
    return format_html('<a href="{}">{}</a>', url, provider.name)


@admin.register(ResourceProvider)
class ResourceProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "uuid", "generation", "parent_name", "root_name", "resources")
    list_select_related = ("parent", "root")
    search_fields = ("name", "uuid")
    fields = ("name", "uuid", "generation", "parent_name", "root_name", "children", "inventory_table",
              "traits", "aggregates", "created_at", "updated_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changelist_instance(self, request):
        """The page's providers get their inventories and usage in two queries, not two per row."""
        changelist = super().get_changelist_instance(request)
        attach_inventories(changelist.result_list)
        return changelist

    def get_object(self, request, object_id, from_field=None):
        provider = super().get_object(request, object_id, from_field)
        if provider is not None:
            attach_inventories([provider])
        return provider

    @admin.display(description="parent")
    def parent_name(self, provider):
        return provider_link(provider.parent)

    @admin.display(description="root")
    def root_name(self, provider):
        return "(itself)" if provider.root_id == provider.pk else provider_link(provider.root)

    @admin.display(description="inventories: used / total (allocation ratio)")
    def resources(self, provider):
        return inventory_bars(provider.inventory_usage)

    @admin.display(description="inventories")
    def inventory_table(self, provider):
        """Every field of each inventory, as GET /resource_providers/{uuid}/inventories shows them, with usage."""
        if not provider.inventory_usage:
            return "—"
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
                                "<td>{}</td><td>{}</td></tr>",
                                ((name, row.total, row.reserved, float(row.allocation_ratio), row.min_unit,
                                  row.max_unit, row.step_size, bar(row.used, row.capacity, f"{row.used} used"))
                                 for name, row in provider.inventory_usage))
        return format_html("<table><thead><tr><th>class</th><th>total</th><th>reserved</th><th>ratio</th>"
                           "<th>min unit</th><th>max unit</th><th>step</th><th>usage of capacity</th></tr></thead>"
                           "<tbody>{}</tbody></table>", rows)

    @admin.display(description="children")
    def children(self, provider):
        found = provider.children.order_by("name")
        return format_html_join(", ", "{}", ((provider_link(child),) for child in found)) or "—"

    @admin.display(description="traits")
    def traits(self, provider):
        names = Trait.objects.filter(provider_links__provider=provider).order_by("name").values_list("name", flat=True)
        return format_html_join("", "<div>{}</div>", ((name,) for name in names)) or "—"

    @admin.display(description="aggregates")
    def aggregates(self, provider):
        """Each aggregate uuid, with the host aggregate's name when it mirrors one (the compute API's)."""
        uuids = list(ProviderAggregate.objects.filter(provider=provider).order_by("id")
                     .values_list("aggregate_uuid", flat=True))
        named = dict(Aggregate.objects.filter(uuid__in=uuids).values_list("uuid", "name"))
        return format_html_join("", "<div>{} {}</div>", ((value, f"({named[value]})" if value in named else "")
                                                        for value in uuids)) or "—"


def attach_inventories(providers) -> None:
    """Give each provider `inventory_usage`: [(class name, Capacity)] sorted by class name."""
    providers = list(providers)
    found = usages.inventories_of([provider.pk for provider in providers])
    for provider in providers:
        provider.inventory_usage = found.get(provider.pk, [])
