from django.urls import path

from hosts.api import aggregates, availability_zones, views
from hosts.api.hypervisors import views as hypervisors

urlpatterns = [
    path("os-services", views.ServiceListView.as_view()),
    path("os-services/<str:service_id>", views.ServiceDetailView.as_view()),
    path("os-hypervisors", hypervisors.HypervisorListView.as_view()),
    path("os-hypervisors/detail", hypervisors.HypervisorDetailListView.as_view()),
    path("os-hypervisors/statistics", hypervisors.HypervisorStatisticsView.as_view()),
    path("os-hypervisors/<str:hypervisor_id>", hypervisors.HypervisorView.as_view()),
    path("os-hypervisors/<str:hypervisor_id>/uptime", hypervisors.HypervisorUptimeView.as_view()),
    path("os-hypervisors/<str:pattern>/search", hypervisors.HypervisorSearchView.as_view()),
    path("os-hypervisors/<str:pattern>/servers", hypervisors.HypervisorServersView.as_view()),
    path("os-aggregates", aggregates.AggregateListView.as_view()),
    path("os-aggregates/<str:aggregate_id>", aggregates.AggregateView.as_view()),
    path("os-aggregates/<str:aggregate_id>/action", aggregates.AggregateActionView.as_view()),
    path("os-availability-zone", availability_zones.AvailabilityZoneListView.as_view()),
    path("os-availability-zone/detail", availability_zones.AvailabilityZoneDetailView.as_view()),
]
