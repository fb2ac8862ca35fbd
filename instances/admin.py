"""The operator's view of instances: read-mostly, with actions, events and faults inline.

State changes only through the services the API calls (stop, start, reboot, delete below), with the
operator's RequestContext, so they are checked and recorded as instance actions like any API call.
"""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from dashboard.actions import for_each
from dashboard.console import console_view
from dashboard.launch import launch_view
from images.models import Image
from instances import admin_cells, networking, policies
from instances.admin_filters import FlavorFilter, StatusFilter
from instances.models import Instance, InstanceAction, InstanceActionEvent, InstanceFault, InstanceMetadata
from instances.services import records, server_actions
from openstack_api.policy import authorize
from openstack_api.validation import as_uuid


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MetadataInline(ReadOnlyInline):
    model = InstanceMetadata
    fields = ("key", "value")


class ActionInline(ReadOnlyInline):
    model = InstanceAction
    fields = ("action", "request_id", "user_id", "start_time", "finish_time", "message", "event_list")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("events")

    @admin.display(description="events")
    def event_list(self, action):
        return format_html_join(", ", "{} ({})", ((e.event, e.result or "running") for e in action.events.all()))


class FaultInline(ReadOnlyInline):
    model = InstanceFault
    fields = ("code", "message", "explanation", "host", "created_at")

    @admin.display(description="details")
    def explanation(self, fault):
        # A no-valid-host fault's details say what each prefilter and filter removed (the message
        # only counts them); other faults' details are a traceback, or the message again.
        if fault.details == fault.message:
            return ""
        return format_html('<div style="white-space:pre-wrap;max-width:60em">{}</div>', fault.details)


def _operation(name: str, description: str):
    """An admin action starting host operation `name` as POST /servers/{id}/action does."""
    rule = policies.SERVERS % ("reboot" if name.startswith("reboot") else name)

    def call(context, instance):
        authorize(context, rule, {"project_id": instance.project_id})
        server_actions.begin(context, instance, name)

    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        for_each(modeladmin, request, queryset, name, call)

    action.__name__ = name
    return action


def _delete(context, instance):
    authorize(context, policies.SERVERS % "delete", {"project_id": instance.project_id})
    records.delete(context, instance)


@admin.action(description="Delete the selected instances (as DELETE /servers/{id})")
def delete_instances(modeladmin, request, queryset):
    for_each(modeladmin, request, queryset, "delete", _delete)


@admin.register(Instance)
class InstanceAdmin(admin.ModelAdmin):
    list_display = ("display_name", "uuid", "status", "task", "host_cell", "project_id", "flavor_name", "ips",
                    "created_at")
    list_filter = (StatusFilter, "host", "project_id", FlavorFilter)
    # network_info holds the addresses: its text contains every fixed IP.
    search_fields = ("display_name", "=uuid", "hostname", "network_info")
    ordering = ("-created_at",)
    inlines = [MetadataInline, ActionInline, FaultInline]
    actions = [_operation("stop", "Stop"), _operation("start", "Start"), _operation("reboot", "Reboot (soft)"),
               _operation("reboot_hard", "Reboot (hard)"), delete_instances]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted_at__isnull=True)

    def get_urls(self):
        # Launch (the changelist's button) and Console (the change page's) act as the API would.
        wrap, prefix = self.admin_site.admin_view, f"{self.opts.app_label}_{self.opts.model_name}"
        return [path("launch/", wrap(lambda request: launch_view(self, request)), name=f"{prefix}_launch"),
                path("<path:object_id>/console/", wrap(lambda request, object_id: console_view(self, request, object_id)),
                     name=f"{prefix}_console"),
                *super().get_urls()]

    def get_readonly_fields(self, request, obj=None):
        # Only the name and description are the operator's to edit; everything else is state.
        fields = [f.name for f in Instance._meta.concrete_fields if f.name not in ("display_name", "description")]
        return ["status", "task", "power", "host_cell", "flavor_name", "image", "addresses", *fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting is the delete action through the API's service, never the admin's row delete.
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # The cells that change with the instance's state carry data-live markers (instances.admin_cells).
    @admin.display(description="status")
    def status(self, obj):
        return admin_cells.status(obj)

    @admin.display(description="task state", ordering="task_state")
    def task(self, obj):
        return admin_cells.task_state(obj)

    @admin.display(description="power state", ordering="power_state")
    def power(self, obj):
        return admin_cells.power_state(obj)

    @admin.display(description="host", ordering="host")
    def host_cell(self, obj):
        return admin_cells.host(obj)

    @admin.display(description="flavor")
    def flavor_name(self, obj):
        return (obj.flavor or {}).get("name", "")

    @admin.display(description="image")
    def image(self, obj):
        image = Image.objects.filter(pk=obj.image_ref).first() if as_uuid(obj.image_ref) else None
        if image is None:
            return obj.image_ref or "(booted from volume)"
        return format_html('<a href="{}">{}</a>', reverse("admin:images_image_change", args=[image.pk]), image.name)

    @admin.display(description="IPs")
    def ips(self, obj):
        return admin_cells.ips(obj)

    @admin.display(description="addresses")
    def addresses(self, obj):
        by_network = networking.addresses(obj.network_info)
        return format_html_join("", "<div>{}: {}</div>", ((network, ", ".join(e["addr"] for e in entries))
                                                          for network, entries in by_network.items()))


class EventInline(ReadOnlyInline):
    model = InstanceActionEvent
    fields = ("event", "start_time", "finish_time", "result", "host", "traceback")


@admin.register(InstanceAction)
class InstanceActionAdmin(admin.ModelAdmin):
    list_display = ("action", "instance", "request_id", "user_id", "start_time", "message")
    list_filter = ("action",)
    search_fields = ("request_id", "=instance__uuid")
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
