"""Placement's URL map: each resource area brings its own `urls.py`, included here."""
from django.urls import path

from placement.api import candidates, views

urlpatterns = [
    path("", views.RootView.as_view()),
    # Resource areas (one line each):
    path("allocation_candidates", candidates.AllocationCandidatesView.as_view()),
]
