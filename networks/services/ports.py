"""Create, update and delete ports; the compute side creates and frees its servers' ports here too."""
import ipaddress
import random
import re

from django.db import IntegrityError, transaction

from networks import exceptions, ipam, quotas
from networks.models import Network, Port
from networks.services import access
from networks.services.attributes import list_of, resource_body, string, to_bool

MAC_PREFIX = "fa:16:3e"  # Neutron's default base_mac
MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
COMPUTE_OWNER = "compute:"


def _vnic_type(value):
    if value != "normal":
        raise exceptions.InvalidInput(f"{value} is not in ['normal'] for binding:vnic_type")
    return value


def _profile(value):
    if value not in ({}, None):
        raise exceptions.InvalidInput("binding:profile is not supported")
    return value


def _security_groups(value):
    if value not in ([], None):
        raise exceptions.BadRequest("Security groups are not offered by this node; ports take the empty list")
    return value


CREATE = {"name": string("name"), "description": string("description"), "network_id": string("network_id"),
          "tenant_id": string("tenant_id"), "project_id": string("project_id"),
          "admin_state_up": to_bool("admin_state_up"), "mac_address": string("mac_address", 17),
          "fixed_ips": list_of("fixed_ips"), "device_id": string("device_id"),
          "device_owner": string("device_owner"), "binding:host_id": string("binding:host_id"),
          "binding:vnic_type": _vnic_type, "binding:profile": _profile, "security_groups": _security_groups,
          "port_security_enabled": to_bool("port_security_enabled"), "allowed_address_pairs": list_of("pairs")}
UPDATE = {name: CREATE[name] for name in ("name", "description", "admin_state_up", "device_id", "device_owner",
                                          "binding:host_id", "binding:vnic_type", "binding:profile",
                                          "security_groups")}


def random_mac() -> str:
    return MAC_PREFIX + "".join(f":{random.randrange(256):02x}" for _ in range(3))


def _requested_ips(network: Network, fixed_ips) -> list[tuple[object, str | None]]:
    """(subnet, address or None) per entry of `fixed_ips`; by default one address from the first IPv4 subnet."""
    subnets = {str(subnet.id): subnet for subnet in network.subnets.all()}
    if fixed_ips is None:
        first = next((subnet for subnet in subnets.values() if subnet.ip_version == 4), None) \
            or next(iter(subnets.values()), None)
        return [(first, None)] if first else []
    wanted = []
    for entry in fixed_ips:
        if not isinstance(entry, dict) or not set(entry) <= {"subnet_id", "ip_address"} or not entry:
            raise exceptions.InvalidInput("fixed_ips entries take 'subnet_id' and/or 'ip_address'")
        if "subnet_id" in entry:
            subnet = subnets.get(str(entry["subnet_id"]))
            if subnet is None:
                raise exceptions.InvalidInput(f"Failed to create port on network {network.id}, because fixed_ips "
                                              f"included invalid subnet {entry['subnet_id']}")
        else:
            subnet = next((s for s in subnets.values() if _holds(s, entry["ip_address"])), None)
            if subnet is None:
                raise exceptions.InvalidInput(f"IP address {entry['ip_address']} is not a valid IP for any of "
                                              f"the subnets on network {network.id}")
        wanted.append((subnet, entry.get("ip_address")))
    return wanted


def _holds(subnet, address) -> bool:
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(subnet.cidr)
    except ValueError:
        raise exceptions.InvalidInput(f"'{address}' is not a valid IP address") from None


def create_port(owner: str, network: Network, fields: dict, fixed_ips=None) -> Port:
    """A port with its addresses, in one transaction: quota, MAC, IPAM; nothing is left if any step fails."""
    mac = fields.pop("mac_address", None)
    if mac is not None and not MAC.match(mac.lower()):
        raise exceptions.InvalidInput(f"'{mac}' is not a valid MAC address")
    with transaction.atomic():
        quotas.check(owner, "port")
        port = None
        for _ in range(8):  # a random MAC collides once in 16 million; a given one is checked once
            try:
                with transaction.atomic():
                    port = Port.objects.create(network=network, project_id=owner,
                                               mac_address=(mac or random_mac()).lower(), **fields)
                break
            except IntegrityError:
                if mac is not None:
                    error = exceptions.Conflict(f"Unable to complete operation for network {network.id}. "
                                                f"The mac address {mac} is in use.")
                    error.neutron_type = "MacAddressInUse"
                    raise error from None
        for subnet, address in _requested_ips(network, fixed_ips):
            ipam.allocate(subnet, port, address)
        return port


def create(context, data) -> Port:
    body = resource_body(data, "port", CREATE, "POST")
    if "network_id" not in body:
        raise exceptions.BadRequest("Failed to parse request. Required attribute 'network_id' not specified")
    owner = body.pop("project_id", None) or body.pop("tenant_id", None) or context.project_id
    body.pop("tenant_id", None)
    network = access.network(context, body.pop("network_id"))
    if owner != context.project_id and not context.is_admin:
        raise exceptions.PolicyNotAuthorized("(rule:create_port:project_id) is disallowed by policy")
    access.enforce(context, "create_port", network.project_id, network.shared)
    fixed_ips = body.pop("fixed_ips", None)
    if fixed_ips and any("ip_address" in entry for entry in fixed_ips if isinstance(entry, dict)):
        access.enforce(context, "create_port:fixed_ips:ip_address", network.project_id)
    if "mac_address" in body:
        access.enforce(context, "create_port:mac_address", network.project_id)
    if body.get("binding:host_id"):
        access.enforce(context, "create_port:binding:host_id", owner)
    for ignored in ("binding:vnic_type", "binding:profile", "security_groups", "port_security_enabled",
                    "allowed_address_pairs"):
        body.pop(ignored, None)
    body["binding_host_id"] = body.pop("binding:host_id", "")
    return create_port(owner, network, body, fixed_ips)


def update(context, port_id, data) -> Port:
    body = resource_body(data, "port", UPDATE, "PUT")
    with transaction.atomic():
        port = access.port(context, port_id)
        access.enforce(context, "update_port", port.project_id)
        port = Port.objects.select_for_update().get(pk=port.pk)
        if "binding:host_id" in body:
            access.enforce(context, "create_port:binding:host_id", port.project_id)
            port.binding_host_id = body.pop("binding:host_id") or ""
        for ignored in ("binding:vnic_type", "binding:profile", "security_groups"):
            body.pop(ignored, None)
        for name, value in body.items():
            setattr(port, name, value)
        port.revision_number += 1
        port.save()
        return port


def delete(context, port_id) -> None:
    port = access.port(context, port_id)
    access.enforce(context, "delete_port", port.project_id)
    port.delete()  # its addresses go with it (IPAllocation cascades)
