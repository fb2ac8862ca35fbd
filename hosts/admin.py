"""The operator's view of the service registry, the hypervisors and the aggregates."""
from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.db.models import Sum
from django.urls import reverse
from django.utils.html import format_html

from dashboard.actions import for_each
from dashboard.bars import bar
from hosts import admin_cells, node_usage, services
from hosts.models import Aggregate, AggregateHost, ComputeNode, Service


class ReasonForm(ActionForm):
    reason = forms.CharField(required=False, max_length=255, label="Reason (disable)")


def _set_disabled(disabled: bool, description: str):
    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        reason = (request.POST.get("reason") or "").strip() or None
        for_each(modeladmin, request, queryset, "disable" if disabled else "enable",
                 lambda context, service: services.set_disabled(service, disabled, reason))

    action.__name__ = "disable" if disabled else "enable"
    return action


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    """Enable and disable go through hosts.services.set_disabled, as os-services PUT does."""

    list_display = ("binary", "host", "status", "state", "reason", "forced", "last_seen")
    list_filter = ("binary", "disabled", "forced_down")
    search_fields = ("host", "binary")
    action_form = ReasonForm
    actions = [_set_disabled(True, "Disable (with the reason given)"), _set_disabled(False, "Enable")]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # Every cell that changes with the service carries a data-live marker (hosts.admin_cells).
    @admin.display(description="Status", ordering="disabled")
    def status(self, service):
        return admin_cells.status(service)

    @admin.display(description="State")
    def state(self, service):
        return admin_cells.state(service)

    @admin.display(description="Disabled reason", ordering="disabled_reason")
    def reason(self, service):
        return admin_cells.disabled_reason(service)

    @admin.display(description="Forced down", ordering="forced_down")
    def forced(self, service):
        return admin_cells.forced_down(service)

    @admin.display(description="Last seen up", ordering="last_seen_up")
    def last_seen(self, service):
        return admin_cells.last_seen_up(service)

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


def used_of(used: int, total: int, unit: str = "") -> str:
    """A hypervisor's used of total as the dashboard's bar (no ratio here: the node's raw capacity)."""
    return bar(used, total, f"{used} / {total}{unit}")


@admin.register(ComputeNode)
class HypervisorAdmin(admin.ModelAdmin):
    """The hypervisors: capacity used by the live instances on each node, and the cluster's total."""

    list_display = ("hypervisor_hostname", "host", "hypervisor_type", "vcpu", "ram", "disk", "running_vms")
    search_fields = ("hypervisor_hostname", "host")
    change_list_template = "admin/hosts/computenode/change_list.html"

    def get_queryset(self, request):
        return node_usage.annotate(super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in ComputeNode._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="vCPU")
    def vcpu(self, node):
        return used_of(node.used_vcpus, node.vcpus)

    @admin.display(description="RAM")
    def ram(self, node):
        return used_of(node.used_memory_mb, node.memory_mb, " MB")

    @admin.display(description="disk")
    def disk(self, node):
        return used_of(node.used_disk_gb, node.local_gb, " GB")

    @admin.display(description="instances")
    def running_vms(self, node):
        """The count, linking to the instance list filtered to the node's host."""
        url = f"{reverse('admin:instances_instance_changelist')}?host={node.host}"
        return format_html('<a href="{}">{}</a>', url, node.running_vms)

    def changelist_view(self, request, extra_context=None):
        totals = ComputeNode.objects.aggregate(vcpus=Sum("vcpus"), memory_mb=Sum("memory_mb"), local_gb=Sum("local_gb"))
        used = node_usage.cluster_used()
        summary = {"vcpu": used_of(used["used_vcpus"], totals["vcpus"] or 0),
                   "ram": used_of(used["used_memory_mb"], totals["memory_mb"] or 0, " MB"),
                   "disk": used_of(used["used_disk_gb"], totals["local_gb"] or 0, " GB")}
        return super().changelist_view(request, {**(extra_context or {}), "cluster": summary})
