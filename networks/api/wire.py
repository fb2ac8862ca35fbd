"""Neutron's bodies for networks, subnets and ports (all read from rows loaded beforehand)."""
from django.conf import settings

from networks.services import provider


def _time(value) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _standard(row) -> dict:
    return {"id": str(row.id), "name": row.name, "tenant_id": row.project_id, "project_id": row.project_id,
            "description": row.description, "created_at": _time(row.created_at), "updated_at": _time(row.updated_at),
            "revision_number": row.revision_number, "tags": []}


def network_body(network, subnet_ids: list[str], show_provider: bool = False) -> dict:
    body = {**_standard(network), "admin_state_up": network.admin_state_up, "status": "ACTIVE",
            "subnets": subnet_ids, "shared": network.shared, "router:external": False, "mtu": network.mtu,
            "is_default": network.is_default, "port_security_enabled": True,
            "availability_zone_hints": [], "availability_zones": [settings.XCOMPUTE_DEFAULT_AVAILABILITY_ZONE],
            "ipv4_address_scope": None, "ipv6_address_scope": None, "l2_adjacency": True}
    if show_provider:
        body.update(provider.body(network))
    return body


def subnet_body(subnet) -> dict:
    return {**_standard(subnet), "network_id": str(subnet.network_id), "ip_version": subnet.ip_version,
            "cidr": subnet.cidr, "gateway_ip": subnet.gateway_ip, "allocation_pools": subnet.allocation_pools,
            "dns_nameservers": subnet.dns_nameservers, "host_routes": subnet.host_routes,
            "enable_dhcp": subnet.enable_dhcp, "ipv6_ra_mode": None, "ipv6_address_mode": None,
            "subnetpool_id": None, "service_types": []}


def port_body(port, show_binding: bool) -> dict:
    body = {**_standard(port), "network_id": str(port.network_id), "mac_address": port.mac_address,
            "admin_state_up": port.admin_state_up, "status": port.status, "device_id": port.device_id,
            "device_owner": port.device_owner,
            "fixed_ips": [{"subnet_id": str(ip.subnet_id), "ip_address": ip.ip_address} for ip in port.fixed_ips.all()],
            "allowed_address_pairs": [], "extra_dhcp_opts": [], "security_groups": [],
            "port_security_enabled": True, "binding:vnic_type": "normal"}
    if show_binding:
        body.update({"binding:host_id": port.binding_host_id, "binding:profile": {},
                     "binding:vif_type": "bridge" if port.binding_host_id else "unbound",
                     "binding:vif_details": {}})
    return body
