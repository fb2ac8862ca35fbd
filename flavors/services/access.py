"""Flavor access: which projects may use a private flavor."""
import logging

from django.db import IntegrityError, transaction

from flavors import exceptions
from flavors.models import Flavor, FlavorAccess

logger = logging.getLogger(__name__)


def projects_of(flavor: Flavor) -> list[str]:
    return list(flavor.projects.order_by("id").values_list("project_id", flat=True))


def add(flavor: Flavor, project_id: str) -> None:
    """Let `project_id` use the flavor; 409 when it already may."""
    try:
        with transaction.atomic():
            FlavorAccess.objects.create(flavor=flavor, project_id=project_id)
    except IntegrityError:
        raise exceptions.access_exists(flavor.flavorid, project_id) from None
    logger.info("project %s may now use flavor %s", project_id, flavor.flavorid)


def remove(flavor: Flavor, project_id: str) -> None:
    """Stop `project_id` from using the flavor; 404 when it could not."""
    deleted, _ = FlavorAccess.objects.filter(flavor=flavor, project_id=project_id).delete()
    if not deleted:
        raise exceptions.access_not_found(flavor.flavorid, project_id)
    logger.info("project %s may no longer use flavor %s", project_id, flavor.flavorid)
