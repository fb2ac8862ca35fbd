"""No tables of its own: a proxy through which a page that is not a model's list joins the admin's index."""
from hosts.models import Service


class AvailabilityZone(Service):
    """The availability zones page (`dashboard.admin`) hangs off this proxy of the services, which zones are
    made of, so that the index lists it, its breadcrumbs work and it is permission-checked like any page."""

    class Meta:
        proxy = True
        verbose_name = "availability zone"
