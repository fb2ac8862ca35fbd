"""Placement's URL map: each resource area brings its own `urls.py`, included here."""
from django.urls import path

from placement.api import (
    aggregates,
    allocations,
    candidates,
    inventories,
    providers,
    reshaper,
    resource_classes,
    traits,
    usages,
    views,
)

urlpatterns = [
    path("", views.RootView.as_view()),
    # Resource areas (one line each):
    path("resource_providers/<str:uuid>/inventories", inventories.InventoryListView.as_view()),
    path("resource_providers/<str:uuid>/inventories/<str:resource_class>", inventories.InventoryDetailView.as_view()),
    path("resource_providers/<str:uuid>/usages", usages.ProviderUsagesView.as_view()),
    path("resource_providers/<str:uuid>/allocations", allocations.ProviderAllocationsView.as_view()),
    path("allocations", allocations.AllocationsView.as_view()),
    path("allocations/<str:consumer_uuid>", allocations.ConsumerAllocationsView.as_view()),
    path("usages", usages.UsagesView.as_view()),
    path("reshaper", reshaper.ReshaperView.as_view()),
    path("resource_providers", providers.ProviderListView.as_view()),
    path("resource_providers/<str:uuid>", providers.ProviderDetailView.as_view()),
    path("resource_providers/<str:uuid>/traits", traits.ProviderTraitsView.as_view()),
    path("resource_providers/<str:uuid>/aggregates", aggregates.ProviderAggregatesView.as_view()),
    path("traits", traits.TraitListView.as_view()),
    path("traits/<str:name>", traits.TraitDetailView.as_view()),
    path("resource_classes", resource_classes.ResourceClassListView.as_view()),
    path("resource_classes/<str:name>", resource_classes.ResourceClassDetailView.as_view()),
    path("allocation_candidates", candidates.AllocationCandidatesView.as_view()),
]
