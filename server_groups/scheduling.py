"""A boot into a server group, as the scheduler sees it: the members' hosts, read when scheduling.

The members are counted where they run (the instance's host) or, while the conductor has not yet
pinned them, where the scheduler claimed them (`ServerGroupMember.claimed_host`). For the hard
policies the scheduler holds the group's row lock from reading the members until its claims are
recorded, so concurrent boots into one group are scheduled one after the other and never both see a
host as free of members (`build_check` re-checks at build time all the same, as Nova's compute does).
Requests without a group cost no query here.
"""
import contextlib
import dataclasses

from django.db import transaction

from instances.choices import VmState
from scheduling.request_spec import RequestSpec
from server_groups.models import HARD_POLICIES, ServerGroup, ServerGroupMember


def members_hosts(group_id: int, placing) -> dict[str, int]:
    """Host -> number of the group's live members there, leaving out the instances being placed."""
    counts: dict[str, int] = {}
    rows = (ServerGroupMember.objects.filter(group_id=group_id, instance__deleted_at__isnull=True)
            .exclude(instance__uuid__in=list(placing))
            .values_list("instance__host", "claimed_host", "instance__vm_state"))
    for host, claimed, vm_state in rows:
        where = host or (claimed if vm_state == VmState.BUILDING else None)
        if where:
            counts[where] = counts.get(where, 0) + 1
    return counts


@contextlib.contextmanager
def scheduling(spec: RequestSpec):
    """The spec with its group's members counted; for hard policies, inside the group's row lock."""
    if spec.server_group is None:
        yield spec
        return
    hard = spec.server_group.policy in HARD_POLICIES
    with transaction.atomic() if hard else contextlib.nullcontext():
        groups = ServerGroup.objects.filter(uuid=spec.server_group.uuid)
        group = (groups.select_for_update() if hard else groups).first()
        if group is None:  # deleted meanwhile: nothing left to honour
            yield dataclasses.replace(spec, server_group=None)
            return
        counts = members_hosts(group.id, spec.instance_uuids)
        yield dataclasses.replace(spec, server_group=dataclasses.replace(spec.server_group, members_hosts=counts))


def record_claims(spec: RequestSpec, destinations) -> None:
    """Remember where each member was claimed, for the boots scheduled before the conductor pins it."""
    if spec.server_group is None:
        return
    for destination in destinations:
        ServerGroupMember.objects.filter(instance__uuid=destination.instance_uuid).update(
            claimed_host=destination.host)
