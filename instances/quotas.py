"""Project quotas on instances, cores and RAM: checked by the API under a lock, and again by the chain.

`limit(project_id, resource)` is the one place every quota check reads a limit from (the project's
own, else the default quota class, else the settings; see `quotas.limits`).

The API (`admit`, inside the create transaction) takes a per-project lock, counts the project's
live servers and refuses with Nova's 403 what does not fit, or creates as many as fit between
min_count and max_count, as Nova does; the lock is held until the rows commit, so concurrent
creates of one project count each other and together never exceed a limit.

The chain's first step (`check`) counts again: every other live instance of the project created
before this request's last row. A limit lowered in between fails the build with a fault; rows
created under the lock are numbered in lock order, so a recheck never refuses what the API let in.
Instances that failed before reaching a host hold nothing and are not counted.
"""
from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from instances.choices import VmState
from instances.exceptions import QuotaError
from instances.models import Instance
from quotas import limits as quota_limits
from quotas.locks import lock_project

COUNTED = ("cores", "instances", "ram")  # Nova names the resources over quota in this (sorted) order


def limit(project_id: str, resource: str) -> int:
    """The project's limit on `resource` (instances, cores, ram, key_pairs, server_groups...); -1 is unlimited."""
    return quota_limits.limit(project_id, resource)


class QuotaExceeded(Exception):
    """Nova's words: 'Quota exceeded for cores: Requested 4, but already used 18 of 20 cores'."""


def _holding(instances):
    """The instances that hold quota: not deleted, and not failed before reaching a host."""
    return instances.exclude(vm_state=VmState.DELETED).exclude(Q(vm_state=VmState.ERROR) & Q(host__isnull=True))


def live(project_id: str):
    """The project's instances that hold quota."""
    return _holding(Instance.objects.filter(project_id=project_id))


def _totals(instances) -> dict[str, int]:
    flavors = [instance.flavor for instance in instances]
    return {"instances": len(flavors), "cores": sum(int(f.get("vcpus", 0)) for f in flavors),
            "ram": sum(int(f.get("memory_mb", 0)) for f in flavors)}


def _sums() -> dict:
    """The same sums as `_totals`, for the database to make."""
    return {"instances": Count("id"), "cores": Sum(Cast(KT("flavor__vcpus"), IntegerField())),
            "ram": Sum(Cast(KT("flavor__memory_mb"), IntegerField()))}


def _usage(queryset) -> dict[str, int]:
    """One row back however many servers a project has."""
    return {name: int(value or 0) for name, value in queryset.aggregate(**_sums()).items()}


def usage(project_id: str) -> dict[str, int]:
    """Instances, cores and RAM the project's live servers hold."""
    return _usage(live(project_id))


def usage_of(project_ids) -> dict[str, dict[str, int]]:
    """`usage` of each of the projects, in one grouped query (0 for a project without servers)."""
    project_ids = list(project_ids)
    found = dict.fromkeys(project_ids)
    rows = (_holding(Instance.objects.filter(project_id__in=project_ids)).order_by()
            .values("project_id").annotate(**_sums()))
    for row in rows:
        project_id = row.pop("project_id")
        found[project_id] = {name: int(value or 0) for name, value in row.items()}
    return {project_id: used or dict.fromkeys(COUNTED, 0) for project_id, used in found.items()}


def _limited(project_id: str) -> dict[str, int]:
    """The project's limits on instances, cores and RAM that are not unlimited."""
    found = quota_limits.limits(project_id)
    return {name: found[name] for name in COUNTED if found[name] >= 0}


def _message(over, requested: dict, used: dict, limits: dict) -> str:
    """Nova's TooManyInstances, every resource over quota listed in turn."""
    def joined(values):
        return ", ".join(str(value) for value in values)

    names = joined(over)
    return (f"Quota exceeded for {names}: Requested {joined(requested[n] for n in over)}, but already used "
            f"{joined(used[n] for n in over)} of {joined(limits[n] for n in over)} {names}")


def admit(project_id: str, flavor: dict, min_count: int, max_count: int) -> int:
    """How many of max_count servers of `flavor` fit the quota (at least min_count, else Nova's 403).

    Call inside the transaction that creates the rows: the project's lock is held until it ends.
    """
    limits = _limited(project_id)
    if not limits:
        return max_count
    lock_project("instances", project_id)
    used = usage(project_id)
    each = {"instances": 1, "cores": int(flavor.get("vcpus", 0)), "ram": int(flavor.get("memory_mb", 0))}
    fits = [(limits[name] - used[name]) // each[name] for name in limits if each[name] > 0]
    allowed = min([max_count, *fits])
    if allowed >= min_count:
        return allowed
    over = [name for name in limits if used[name] + max_count * each[name] > limits[name]]
    count = str(min_count) if min_count == max_count else f"{min_count}-{max_count}"
    requested = {"instances": count, "cores": max_count * each["cores"], "ram": max_count * each["ram"]}
    raise QuotaError(_message(over, requested, used, limits))


def check(instance_uuids) -> None:
    """Raise QuotaExceeded unless the project has room for the request's instances (the chain's recheck)."""
    requested = list(Instance.objects.filter(uuid__in=list(instance_uuids)).only("id", "project_id", "flavor"))
    if not requested:
        return
    project = requested[0].project_id
    limits = _limited(project)
    if not limits:
        return
    others = (live(project).filter(id__lt=max(i.id for i in requested))
              .exclude(id__in=[i.id for i in requested]))
    used, wanted = _usage(others), _totals(requested)
    over = [name for name in limits if used[name] + wanted[name] > limits[name]]
    if over:
        raise QuotaExceeded(_message(over, wanted, used, limits))
