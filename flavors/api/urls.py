"""The flavor URLs of the Compute API (under /v2.1/)."""
from django.urls import path

from flavors.api import access, extra_specs, flavors

urlpatterns = [
    path("flavors", flavors.FlavorListView.as_view()),
    path("flavors/detail", flavors.FlavorDetailListView.as_view()),
    path("flavors/<str:flavor_id>", flavors.FlavorView.as_view()),
    path("flavors/<str:flavor_id>/action", access.FlavorActionView.as_view()),
    path("flavors/<str:flavor_id>/os-flavor-access", access.FlavorAccessView.as_view()),
    path("flavors/<str:flavor_id>/os-extra_specs", extra_specs.ExtraSpecListView.as_view()),
    path("flavors/<str:flavor_id>/os-extra_specs/<str:key>", extra_specs.ExtraSpecView.as_view()),
]
