"""Create, update and delete networks."""
from django.db import transaction

from networks import exceptions, quotas
from networks.models import Network
from networks.services import access, provider
from networks.services.attributes import integer, resource_body, string, to_bool

CREATE = {"name": string("name"), "description": string("description"), "admin_state_up": to_bool("admin_state_up"),
          "shared": to_bool("shared"), "mtu": integer("mtu", 68, 9000), "tenant_id": string("tenant_id"),
          "project_id": string("project_id"), "is_default": to_bool("is_default"),
          "router:external": to_bool("router:external"), "port_security_enabled": to_bool("port_security_enabled"),
          "availability_zone_hints": None, **provider.CONVERTERS}
UPDATE = {name: convert for name, convert in CREATE.items() if name not in ("tenant_id", "project_id")}


def _owner(context, body) -> str:
    owner = body.pop("project_id", None) or body.pop("tenant_id", None) or context.project_id
    body.pop("tenant_id", None)
    if owner != context.project_id and not context.is_admin:
        raise exceptions.PolicyNotAuthorized("(rule:create_network:project_id) is disallowed by policy")
    return owner


def _unsupported(body) -> None:
    if body.pop("router:external", False):
        raise exceptions.BadRequest("External networks are not supported: this node has no routers")
    if body.pop("port_security_enabled", True) is False:
        raise exceptions.BadRequest("port_security_enabled=False is not supported")


def create(context, data) -> Network:
    body = resource_body(data, "network", CREATE, "POST")
    owner = _owner(context, body)
    access.enforce(context, "create_network", owner)
    if body.get("shared"):
        access.enforce(context, "create_network:shared", owner)
    if body.get("is_default"):
        access.enforce(context, "create_network:is_default", owner)
    _unsupported(body)
    with transaction.atomic():
        fields = provider.take(context, body, owner, "create")
        quotas.check(owner, "network")
        return Network.objects.create(project_id=owner, **body, **fields)


def update(context, network_id, data) -> Network:
    body = resource_body(data, "network", UPDATE, "PUT")
    with transaction.atomic():
        network = access.network(context, network_id, for_update=True)
        access.enforce(context, "update_network", network.project_id, network.shared)
        if "shared" in body and body["shared"] != network.shared:
            access.enforce(context, "update_network:shared", network.project_id, network.shared)
            if not body["shared"] and network.ports.exclude(project_id=network.project_id).exists():
                raise exceptions.in_use("Network", f"Unable to reconfigure sharing settings for network "
                                        f"{network.id}. Multiple tenants are using it.")
        _unsupported(body)
        provider.take(context, body, network.project_id, "update", current=network)
        for name, value in body.items():
            setattr(network, name, value)
        network.revision_number += 1
        network.save()
        return network


def delete(context, network_id) -> None:
    with transaction.atomic():
        network = access.network(context, network_id, for_update=True)
        access.enforce(context, "delete_network", network.project_id, network.shared)
        if network.ports.exists():
            raise exceptions.in_use("Network", f"Unable to complete operation on network {network.id}. "
                                    "There are one or more ports still in use on the network.")
        network.delete()
