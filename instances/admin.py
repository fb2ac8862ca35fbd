"""The operator's view of instances: read-mostly, with actions, events and faults inline.

State is changed through the API (and later admin actions calling instances.states), never edited here.
"""
from django.contrib import admin

from instances.models import Instance, InstanceAction, InstanceActionEvent, InstanceFault, InstanceMetadata
from instances.status import status_of


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
    fields = ("action", "request_id", "user_id", "start_time", "finish_time", "message")


class FaultInline(ReadOnlyInline):
    model = InstanceFault
    fields = ("code", "message", "host", "created_at")


@admin.register(Instance)
class InstanceAdmin(admin.ModelAdmin):
    list_display = ("display_name", "uuid", "status", "vm_state", "task_state", "host", "project_id", "created_at")
    list_filter = ("vm_state", "task_state", "host", "project_id")
    search_fields = ("display_name", "=uuid", "hostname")
    ordering = ("-created_at",)
    inlines = [MetadataInline, ActionInline, FaultInline]

    def get_readonly_fields(self, request, obj=None):
        # Only the name and description are the operator's to edit; everything else is state.
        return [f.name for f in Instance._meta.concrete_fields if f.name not in ("display_name", "description")]

    def has_add_permission(self, request):
        return False

    @admin.display(description="status")
    def status(self, obj):
        return status_of(obj.vm_state, obj.task_state)


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
