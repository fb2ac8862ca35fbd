"""The instance changelist's filters: Nova's status (from vm_state and task_state) and the flavor's name."""
from django.contrib import admin
from django.db.models import Q

from instances.status import DEFAULT, STATE_MAP

STATUSES = sorted({status for task_map in STATE_MAP.values() for status in task_map.values()} - {"DELETED"})


def status_q(status: str) -> Q:
    """The rows that show as `status`: the exact (vm_state, task_state) pairs of Nova's state map."""
    q = Q(pk__in=[])
    for vm_state, task_map in STATE_MAP.items():
        listed = [task for task in task_map if task != DEFAULT]
        for task_state, shown in task_map.items():
            if shown != status:
                continue
            if task_state == DEFAULT:
                q |= Q(vm_state=vm_state) & ~Q(task_state__in=listed)
            else:
                q |= Q(vm_state=vm_state, task_state=task_state)
    return q


class StatusFilter(admin.SimpleListFilter):
    title, parameter_name = "status", "status"

    def lookups(self, request, model_admin):
        return [(status, status) for status in STATUSES]

    def queryset(self, request, queryset):
        return queryset.filter(status_q(self.value())) if self.value() else queryset


class FlavorFilter(admin.SimpleListFilter):
    """By the flavor's name in the instance's flavor snapshot (a flavor may be gone since)."""

    title, parameter_name = "flavor", "flavor"

    def lookups(self, request, model_admin):
        names = model_admin.model.objects.values_list("flavor__name", flat=True).distinct()
        return [(name, name) for name in sorted(filter(None, names))]

    def queryset(self, request, queryset):
        return queryset.filter(flavor__name=self.value()) if self.value() else queryset
