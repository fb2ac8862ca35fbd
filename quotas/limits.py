"""Where a project's limits come from: its own rows, else the `default` quota class, else the settings.

`limits(project_id)` is one query however many rows there are; `instances.quotas.limit` is the
function the rest of the code asks.
"""
import logging

from django.db import transaction
from django.db.models import Value

from quotas import resources
from quotas.models import ProjectQuota, QuotaClass

logger = logging.getLogger(__name__)


def class_limits(class_name: str = resources.DEFAULT_CLASS) -> dict[str, int]:
    """A quota class's limits: its rows over the settings (only `default` is what projects fall back to)."""
    found = resources.configured()
    rows = QuotaClass.objects.filter(class_name=class_name, resource__in=list(found))
    found.update(rows.values_list("resource", "hard_limit"))
    return found


def limits(project_id: str) -> dict[str, int]:
    """Every resource's limit for the project (-1 unlimited), in one query."""
    found = resources.configured()
    classes = (QuotaClass.objects.filter(class_name=resources.DEFAULT_CLASS).annotate(rank=Value(0))
               .values_list("resource", "hard_limit", "rank"))
    projects = (ProjectQuota.objects.filter(project_id=project_id).annotate(rank=Value(1))
                .values_list("resource", "hard_limit", "rank"))
    for resource, hard_limit, _rank in sorted(classes.union(projects, all=True), key=lambda row: row[2]):
        if resource in found:
            found[resource] = hard_limit
    return found


def limit(project_id: str, resource: str) -> int:
    """One resource's limit for the project (-1 unlimited)."""
    return limits(project_id)[resource]


@transaction.atomic
def set_project(project_id: str, values: dict[str, int]) -> None:
    for resource, hard_limit in values.items():
        ProjectQuota.objects.update_or_create(project_id=project_id, resource=resource,
                                              defaults={"hard_limit": hard_limit})
    logger.info("quotas of project %s set: %s", project_id, values)


def reset_project(project_id: str) -> None:
    """Back to the defaults: the project's own rows go."""
    ProjectQuota.objects.filter(project_id=project_id).delete()
    logger.info("quotas of project %s reset to the defaults", project_id)


@transaction.atomic
def set_class(class_name: str, values: dict[str, int]) -> None:
    for resource, hard_limit in values.items():
        QuotaClass.objects.update_or_create(class_name=class_name, resource=resource,
                                            defaults={"hard_limit": hard_limit})
    logger.info("quota class %s set: %s", class_name, values)
