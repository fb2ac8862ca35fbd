"""Server groups as Nova keeps them: per project, one policy, quotas on groups and on members.

Limits are the project's (`instances.quotas.limit`: its own, else the default quota class, else
XCOMPUTE_QUOTA_SERVER_GROUPS / _MEMBERS). `create` counts under the project's lock and `add_members`
runs inside the server-create transaction and locks the group row, so concurrent creates cannot
together exceed either limit.
"""
import logging
import uuid

from django.db import transaction
from rest_framework import exceptions

from instances.quotas import limit as quota_limit
from openstack_api.policy import is_admin
from quotas.locks import lock_project
from server_groups.models import ServerGroup, ServerGroupMember

logger = logging.getLogger(__name__)


def _not_found(group_id) -> exceptions.NotFound:
    return exceptions.NotFound(f"Instance group {group_id} could not be found.")


def visible(context):
    """The groups the caller may see: its project's, every one for admins."""
    groups = ServerGroup.objects.all()
    return groups if is_admin(context) else groups.filter(project_id=context.project_id)


def get(context, group_id) -> ServerGroup:
    group = visible(context).filter(uuid=group_id).first() if _is_uuid(group_id) else None
    if group is None:
        raise _not_found(group_id)
    return group


def for_hint(context, group_id) -> ServerGroup:
    """The group a `group` scheduler hint names; one the caller cannot see is Nova's 400."""
    try:
        return get(context, group_id)
    except exceptions.NotFound as exc:
        raise exceptions.ValidationError({"detail": str(exc.detail)}) from None


def create(context, name: str, policy: str, rules: dict) -> ServerGroup:
    limit = quota_limit(context.project_id, "server_groups")
    with transaction.atomic():
        if limit >= 0:
            lock_project("server-groups", context.project_id)
        if limit >= 0 and ServerGroup.objects.filter(project_id=context.project_id).count() >= limit:
            raise exceptions.PermissionDenied("Quota exceeded, too many server groups.")
        group = ServerGroup.objects.create(name=name, policy=policy, rules=rules, project_id=context.project_id,
                                           user_id=context.user_id)
    logger.info("server group %s (%s, %s) created for %s", group.uuid, name, policy, context.project_id)
    return group


def delete(group: ServerGroup) -> None:
    logger.info("server group %s deleted", group.uuid)
    group.delete()


def member_uuids(groups) -> dict[int, list[str]]:
    """Group id -> uuids of its members that are not deleted, for every group given; one query."""
    found: dict[int, list[str]] = {group.id: [] for group in groups}
    rows = (ServerGroupMember.objects.filter(group__in=list(found), instance__deleted_at__isnull=True)
            .values_list("group_id", "instance__uuid"))
    for group_id, instance_uuid in rows:
        found[group_id].append(str(instance_uuid))
    return found


def add_members(group: ServerGroup, instances) -> None:
    """Make the new instances members; 403 when the group would hold more than the quota allows."""
    limit = quota_limit(group.project_id, "server_group_members")
    ServerGroup.objects.select_for_update().filter(id=group.id).first()
    if limit >= 0:
        current = ServerGroupMember.objects.filter(group=group, instance__deleted_at__isnull=True).count()
        if current + len(instances) > limit:
            raise exceptions.PermissionDenied("Quota exceeded, too many servers in group")
    ServerGroupMember.objects.bulk_create([ServerGroupMember(group=group, instance=instance)
                                           for instance in instances])


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
