"""The availability zones page: each zone, whether it is available, its hosts with their services, and the
aggregates that make it, as `os-availability-zone/detail` describes them (hosts.availability_zones).

Django's own Users and Groups are taken off the dashboard: the identity service is the source of truth
for who may sign in (identity.admin edits its users, projects and roles), and the Django users are
mirrors made at sign-in, so editing them there would change nothing anyone relies on.
"""
import django.contrib.auth.admin  # noqa: F401  (registers User and Group, so they can be taken off)
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.template.response import TemplateResponse

from dashboard.models import AvailabilityZone
from hosts import availability_zones
from hosts.models import Aggregate

admin.site.unregister(User)
admin.site.unregister(Group)


def aggregates_by_zone() -> dict[str, list[Aggregate]]:
    """The aggregates that name a zone, by zone (one query)."""
    found: dict[str, list[Aggregate]] = {}
    for aggregate in Aggregate.objects.filter(metadata__has_key=availability_zones.AZ_KEY).order_by("name"):
        found.setdefault(aggregate.availability_zone, []).append(aggregate)
    return found


@admin.register(AvailabilityZone)
class AvailabilityZoneAdmin(admin.ModelAdmin):
    """Read-only: zones change with aggregates' metadata (the compute API's os-aggregates)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        aggregates = aggregates_by_zone()
        zones = [{"zone": zone, "aggregates": aggregates.get(zone.name, []),
                  "hosts": sorted(zone.hosts.items())}
                 for zone in availability_zones.describe(with_internal=True)]
        context = {**self.admin_site.each_context(request), "title": "Availability zones", "zones": zones,
                   "opts": self.model._meta, **(extra_context or {})}
        return TemplateResponse(request, "admin/dashboard/availabilityzone/change_list.html", context)
