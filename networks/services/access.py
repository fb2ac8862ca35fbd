"""What a caller may see: admins everything; others their project's resources and shared networks.

A resource the caller may not see is "not found" (Neutron never says "forbidden" for those), and
each check is one query.
"""

from django.db.models import Q

from networks import exceptions
from networks.models import Network, Port, Subnet
from networks.policies import DENIED
from openstack_api.policy import authorize, check
from openstack_api.validation import as_uuid


def target(project_id: str, shared: bool = False) -> dict:
    return {"project_id": project_id, "tenant_id": project_id, "shared": str(bool(shared))}


def enforce(context, rule: str, project_id: str, shared: bool = False) -> None:
    authorize(context, rule, target(project_id, shared), message=DENIED)


def allowed(context, rule: str, project_id: str, shared: bool = False) -> bool:
    return check(context, rule, target(project_id, shared))


def networks(context):
    rows = Network.objects.all()
    return rows if context.is_admin else rows.filter(Q(project_id=context.project_id) | Q(shared=True))


def subnets(context):
    rows = Subnet.objects.select_related("network")
    return rows if context.is_admin else rows.filter(Q(project_id=context.project_id) | Q(network__shared=True))


def ports(context):
    rows = Port.objects.all()
    return rows if context.is_admin else rows.filter(project_id=context.project_id)


def _get(rows, kind: str, resource_id):
    key = as_uuid(resource_id)  # not a UUID: nothing can have that id
    found = rows.filter(pk=key).first() if key else None
    if found is None:
        raise exceptions.not_found(kind, resource_id)
    return found


def network(context, network_id, *, for_update=False) -> Network:
    rows = networks(context)
    return _get(rows.select_for_update() if for_update else rows, "Network", network_id)


def subnet(context, subnet_id) -> Subnet:
    return _get(subnets(context), "Subnet", subnet_id)


def port(context, port_id) -> Port:
    return _get(ports(context), "Port", port_id)
