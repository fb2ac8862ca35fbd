"""What a project uses of each quota resource, as Nova counts it for os-quota-sets detail and /limits."""
from instances import quotas as instance_quotas
from quotas import resources
from server_groups.models import ServerGroup


def in_use(project_id: str) -> dict[str, int]:
    """Instances, cores and RAM of its live servers and its server groups; every other resource 0.

    Nova never counts key_pairs or server_group_members for a project (they are per user), and
    the nova-network and personality resources are not counted at all.
    """
    used = dict.fromkeys(resources.names(), 0)
    used.update(instance_quotas.usage(project_id))
    used["server_groups"] = ServerGroup.objects.filter(project_id=project_id).count()
    return used
