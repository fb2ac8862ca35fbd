"""Project quotas on instances, cores and RAM: the build chain's first step.

The rows of a boot request already exist (the API answers 202 before the chain runs), so usage
counts every other live instance of the project created before this request's last row. Of two
concurrent requests the later one therefore counts the earlier one whole: together they can never
exceed a limit. Instances that failed before reaching a host hold nothing and are not counted.
"""
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from instances.choices import VmState
from instances.models import Instance


@dataclass(frozen=True)
class Limits:
    instances: int
    cores: int
    ram: int

    @classmethod
    def for_project(cls, project_id: str) -> "Limits":
        """The defaults of the configuration; per-project limits arrive with the identity service's quotas."""
        return cls(settings.XCOMPUTE_QUOTA_INSTANCES, settings.XCOMPUTE_QUOTA_CORES, settings.XCOMPUTE_QUOTA_RAM)


class QuotaExceeded(Exception):
    """Nova's words: 'Quota exceeded for cores: Requested 4, but already used 18 of 20 cores'."""


def _totals(instances) -> dict[str, int]:
    flavors = [instance.flavor for instance in instances]
    return {"instances": len(flavors), "cores": sum(int(f.get("vcpus", 0)) for f in flavors),
            "ram": sum(int(f.get("memory_mb", 0)) for f in flavors)}


def _usage(queryset) -> dict[str, int]:
    """The same sums as `_totals`, by the database: one row back however many servers a project has."""
    totals = queryset.aggregate(instances=Count("id"), cores=Sum(Cast(KT("flavor__vcpus"), IntegerField())),
                                ram=Sum(Cast(KT("flavor__memory_mb"), IntegerField())))
    return {name: int(value or 0) for name, value in totals.items()}


def check(instance_uuids) -> None:
    """Raise QuotaExceeded unless the project has room for the request's instances."""
    requested = list(Instance.objects.filter(uuid__in=list(instance_uuids)).only("id", "project_id", "flavor"))
    if not requested:
        return
    project = requested[0].project_id
    others = (Instance.objects.filter(project_id=project, id__lt=max(i.id for i in requested))
              .exclude(id__in=[i.id for i in requested]).exclude(vm_state=VmState.DELETED)
              .exclude(Q(vm_state=VmState.ERROR) & Q(host__isnull=True)))
    used, wanted, limits = _usage(others), _totals(requested), Limits.for_project(project)
    over = [name for name in ("instances", "cores", "ram")
            if getattr(limits, name) >= 0 and used[name] + wanted[name] > getattr(limits, name)]
    if over:
        name = over[0]
        raise QuotaExceeded(f"Quota exceeded for {', '.join(over)}: Requested {wanted[name]}, but already used "
                            f"{used[name]} of {getattr(limits, name)} {name}")
