"""Where a project's limits come from: its own rows, else the `default` quota class, else the settings.

`limits(project_id)` is one query however many rows there are, and `limits_of(project_ids)` one for a
page of projects (the dashboard's); `instances.quotas.limit` is the function the rest of the code asks.
"""
import logging
from collections import defaultdict

from django.db import transaction
from django.db.models import CharField, Value

from quotas import resources
from quotas.models import ProjectQuota, QuotaClass

logger = logging.getLogger(__name__)


def class_limits(class_name: str = resources.DEFAULT_CLASS) -> dict[str, int]:
    """A quota class's limits: its rows over the settings (only `default` is what projects fall back to)."""
    found = resources.configured()
    rows = QuotaClass.objects.filter(class_name=class_name, resource__in=list(found))
    found.update(rows.values_list("resource", "hard_limit"))
    return found


def limits_of(project_ids) -> dict[str, dict[str, int]]:
    """Every resource's limit for each of the projects (-1 unlimited), in one query however many.

    The `default` class's rows come back without a project and override the settings; each
    project's own rows override those for that project alone.
    """
    project_ids = list(project_ids)
    defaults, own = resources.configured(), defaultdict(dict)
    classes = (QuotaClass.objects.filter(class_name=resources.DEFAULT_CLASS)
               .annotate(project=Value(None, output_field=CharField())).values_list("project", "resource", "hard_limit"))
    projects = ProjectQuota.objects.filter(project_id__in=project_ids).values_list("project_id", "resource", "hard_limit")
    for project_id, resource, hard_limit in classes.union(projects, all=True):
        if resource in defaults:
            (own[project_id] if project_id is not None else defaults)[resource] = hard_limit
    return {project_id: {**defaults, **own[project_id]} for project_id in project_ids}


def limits(project_id: str) -> dict[str, int]:
    """Every resource's limit for the project (-1 unlimited), in one query."""
    return limits_of([project_id])[project_id]


def overridden(project_id: str) -> set[str]:
    """The resources the project has its own limit on (the others follow the defaults)."""
    return set(ProjectQuota.objects.filter(project_id=project_id).values_list("resource", flat=True))


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
