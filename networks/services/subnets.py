"""Create, update and delete subnets; their geometry is checked by `networks.ipam`."""
import ipaddress

from django.db import transaction

from networks import exceptions, ipam, quotas
from networks.models import Subnet
from networks.services import access
from networks.services.attributes import anything, integer, list_of, resource_body, string, to_bool


def _nameserver(value):
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise exceptions.InvalidInput(f"'{value}' is not a valid nameserver") from None


CREATE = {"name": string("name"), "description": string("description"), "network_id": string("network_id"),
          "tenant_id": string("tenant_id"), "project_id": string("project_id"),
          "ip_version": integer("ip_version", 4, 6), "cidr": string("cidr", 64),
          "gateway_ip": string("gateway_ip", 64, nullable=True), "allocation_pools": list_of("allocation_pools"),
          "dns_nameservers": list_of("dns_nameservers", _nameserver), "host_routes": list_of("host_routes"),
          "enable_dhcp": to_bool("enable_dhcp"), "ipv6_ra_mode": anything, "ipv6_address_mode": anything,
          "subnetpool_id": anything, "prefixlen": None, "service_types": list_of("service_types"),
          "use_default_subnetpool": None, "segment_id": None}
UPDATE = {name: CREATE[name] for name in ("name", "description", "gateway_ip", "dns_nameservers", "host_routes",
                                          "enable_dhcp", "allocation_pools")}


def create(context, data) -> Subnet:
    body = resource_body(data, "subnet", CREATE, "POST")
    if "network_id" not in body or "cidr" not in body:
        raise exceptions.BadRequest("Failed to parse request. Required attributes 'network_id' and 'cidr' "
                                    "(subnet pools are not offered)")
    if body.get("subnetpool_id") not in (None, ""):
        raise exceptions.BadRequest("Subnet pools are not supported: give a cidr")
    ip_version = body.get("ip_version", 4)
    if ip_version not in (4, 6):
        raise exceptions.InvalidInput(f"{ip_version} is not in [4, 6] for ip_version")
    owner = body.get("project_id") or body.get("tenant_id") or context.project_id
    with transaction.atomic():
        network = access.network(context, body["network_id"], for_update=True)
        if owner != context.project_id and not context.is_admin:
            raise exceptions.PolicyNotAuthorized("(rule:create_subnet:project_id) is disallowed by policy")
        # Only the network's owner (or an admin) adds subnets, shared or not.
        access.enforce(context, "create_subnet", network.project_id)
        cidr = ipam.parse_cidr(body["cidr"], ip_version)
        for other in network.subnets.all():
            if ipaddress.ip_network(other.cidr).overlaps(cidr):
                raise exceptions.BadRequest(f"Invalid input for operation: Requested subnet with cidr: {cidr} for "
                                            f"network: {network.id} overlaps with another subnet.")
        gateway, pools = ipam.plan(cidr, body.get("gateway_ip", ""), body.get("allocation_pools"))
        quotas.check(owner, "subnet")
        subnet = Subnet.objects.create(
            network=network, project_id=owner, name=body.get("name", ""), description=body.get("description", ""),
            ip_version=ip_version, cidr=str(cidr), gateway_ip=gateway, allocation_pools=pools,
            dns_nameservers=body.get("dns_nameservers", []), host_routes=body.get("host_routes", []),
            enable_dhcp=body.get("enable_dhcp", True))
        network.revision_number += 1
        network.save(update_fields=["revision_number", "updated_at"])
        return subnet


def update(context, subnet_id, data) -> Subnet:
    body = resource_body(data, "subnet", UPDATE, "PUT")
    with transaction.atomic():
        subnet = access.subnet(context, subnet_id)
        access.enforce(context, "update_subnet", subnet.project_id)
        subnet = Subnet.objects.select_for_update().get(pk=subnet.pk)
        if "gateway_ip" in body or "allocation_pools" in body:
            gateway, pools = ipam.plan(ipaddress.ip_network(subnet.cidr), body.get("gateway_ip", subnet.gateway_ip),
                                       body.get("allocation_pools", subnet.allocation_pools))
            body["gateway_ip"], body["allocation_pools"] = gateway, pools
            if gateway and subnet.allocations.filter(ip_address=gateway).exists():
                raise exceptions.IpAddressAlreadyAllocated(
                    f"IP address {gateway} already allocated in subnet {subnet.id}")
        for name, value in body.items():
            setattr(subnet, name, value)
        subnet.revision_number += 1
        subnet.save()
        return subnet


def delete(context, subnet_id) -> None:
    with transaction.atomic():
        subnet = access.subnet(context, subnet_id)
        access.enforce(context, "delete_subnet", subnet.project_id)
        if subnet.allocations.exists():
            raise exceptions.in_use("Subnet", f"Unable to complete operation on subnet {subnet.id}: "
                                    "One or more ports have an IP allocation from this subnet.")
        subnet.delete()
