"""The compute side of networking (Nova's `network/neutron.py`): servers' ports on the node's networks.

The API resolves a boot's `networks` into concrete requests (clear 400/409s before anything is
created); the conductor allocates the ports when it pins the instance to a host, records them in
the instance's network info cache (which `addresses` renders without asking for ports), marks
them ACTIVE once the guest runs, and frees them when the instance is deleted: ports it created
are deleted, ports the user handed in are only unbound (Nova's `preserve_on_delete`).
"""
import ipaddress
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from rest_framework import exceptions

from networks import exceptions as network_errors
from networks.models import Network, Port
from networks.services import access
from networks.services.ports import COMPUTE_OWNER, create_port

logger = logging.getLogger(__name__)

MULTIPLE = "Multiple possible networks found, use a Network ID to be more specific."


class NetworkAllocationFailed(Exception):
    """The instance's ports could not be made (addresses ran out, a port was taken meanwhile...)."""


def _conflict(message: str) -> exceptions.APIException:
    error = exceptions.APIException(message)
    error.status_code = 409
    return error


def available(context):
    """Networks a project may plug into: its own, then the shared ones."""
    return access.networks(context).filter(Q(project_id=context.project_id) | Q(shared=True))


def _auto(context, *, explicit: bool) -> list[dict]:
    """`networks: auto` (and no `networks` before 2.37): the project's one network, else the default one."""
    own = list(Network.objects.filter(project_id=context.project_id).values_list("id", flat=True)[:2])
    if len(own) > 1:
        raise _conflict(MULTIPLE)
    if own:
        return [{"network_id": str(own[0])}]
    shared = list(available(context).filter(shared=True).order_by("-is_default", "created_at")
                  .values_list("id", "is_default")[:2])
    default = [network_id for network_id, is_default in shared if is_default]
    if default:
        return [{"network_id": str(default[0])}]
    if len(shared) == 1:
        return [{"network_id": str(shared[0][0])}]
    if len(shared) > 1:
        raise _conflict(MULTIPLE)
    if explicit:
        raise exceptions.ValidationError({"detail": f"Unable to automatically allocate a network for project "
                                                    f"{context.project_id}"})
    return []  # before 2.37, no network to be had means a server without NICs


def resolve_requested(context, networks, max_count: int) -> list[dict]:
    """The boot's `networks` as concrete requests: [] (none) or [{network_id[, fixed_ip | port_id]}]."""
    if networks == "none":
        return []
    if networks in (None, "auto"):
        return _auto(context, explicit=networks == "auto")
    requested = []
    for entry in networks:
        if entry.get("port"):
            requested.append(_requested_port(context, entry["port"], max_count))
            continue
        if "uuid" not in entry:
            raise exceptions.ValidationError({"detail": "Bad networks format: network uuid is not in proper "
                                                        "format (None)"})
        try:
            network = access.network(context, entry["uuid"])
        except network_errors.NotFound:
            raise exceptions.ValidationError({"detail": f"Network {entry['uuid']} could not be found."}) from None
        if not (network.shared or network.project_id == context.project_id or context.is_admin):
            raise exceptions.ValidationError({"detail": f"Network {entry['uuid']} could not be found."})
        item = {"network_id": str(network.id)}
        if entry.get("fixed_ip"):
            item["fixed_ip"] = _fixed_ip(entry["fixed_ip"], max_count)
        requested.append(item)
    return requested


def _fixed_ip(value: str, max_count: int) -> str:
    try:
        address = str(ipaddress.ip_address(value))
    except ValueError:
        raise exceptions.ValidationError({"detail": f"Invalid fixed IP address ({value})"}) from None
    if max_count > 1:
        raise exceptions.ValidationError({"detail": "max_count cannot be greater than 1 if an fixed_ip is "
                                                    "specified."})
    return address


def _requested_port(context, port_id: str, max_count: int) -> dict:
    if max_count > 1:
        raise exceptions.ValidationError({"detail": "Unable to launch multiple instances with a single configured "
                                                    "port ID. Please launch your instance one by one with "
                                                    "different ports."})
    try:
        port = access.port(context, port_id)
    except network_errors.NotFound:
        raise exceptions.ValidationError({"detail": f"Port id {port_id} could not be found."}) from None
    if port.device_id:
        raise _conflict(f"Port {port_id} is still in use.")
    return {"network_id": str(port.network_id), "port_id": str(port.id)}


def _vif(port: Port, network: Network, preserve: bool) -> dict:
    subnets = {subnet.id: subnet for subnet in network.subnets.all()}
    ips = []
    for allocation in port.fixed_ips.all():
        subnet = subnets[allocation.subnet_id]
        ips.append({"address": allocation.ip_address, "version": subnet.ip_version, "subnet_id": str(subnet.id),
                    "cidr": subnet.cidr, "gateway": subnet.gateway_ip, "dns": subnet.dns_nameservers,
                    "dhcp": subnet.enable_dhcp})
    return {"port_id": str(port.id), "network_id": str(network.id), "network_name": network.name,
            "mac_address": port.mac_address, "mtu": network.mtu, "ips": ips, "preserve_on_delete": preserve,
            "network_type": network.network_type, "physical_network": network.physical_network or ""}


def allocate(instance, host: str) -> list[dict]:
    """The instance's ports, bound to `host`: created (or taken over) on the first build, rebound on a
    reschedule. Returns the network info to record; raises NetworkAllocationFailed with nothing left."""
    if instance.network_info:
        Port.objects.filter(id__in=[vif["port_id"] for vif in instance.network_info]).update(binding_host_id=host)
        return instance.network_info
    with transaction.atomic():
        return [allocate_one(instance, host, request) for request in instance.requested_networks]


def allocate_one(instance, host: str, request: dict) -> dict:
    """One port of the instance (a request of `resolve_requested`), bound to `host`; its VIF."""
    owner = f"{COMPUTE_OWNER}{instance.availability_zone or settings.XCOMPUTE_DEFAULT_AVAILABILITY_ZONE}"
    device = {"device_id": str(instance.uuid), "device_owner": owner, "binding_host_id": host}
    try:
        with transaction.atomic():
            network = Network.objects.get(pk=request["network_id"])
            if "port_id" in request:
                port = Port.objects.select_for_update().filter(pk=request["port_id"]).first()
                if port is None or (port.device_id and port.device_id != str(instance.uuid)):
                    raise NetworkAllocationFailed(f"Port {request['port_id']} is still in use.")
                Port.objects.filter(pk=port.pk).update(**device)
                return _vif(port, network, preserve=True)
            fixed = [{"ip_address": request["fixed_ip"]}] if "fixed_ip" in request else None
            port = create_port(instance.project_id, network, {**device, "name": ""}, fixed)
            return _vif(port, network, preserve=False)
    except (network_errors.NeutronException, Network.DoesNotExist) as exc:
        message = exc.detail if isinstance(exc, network_errors.NeutronException) else "its network is gone"
        raise NetworkAllocationFailed(f"Failed to allocate the network(s) of instance {instance.uuid}: "
                                      f"{message}") from exc


def activate(instance_uuid: str) -> None:
    """The guest runs: its ports are up."""
    Port.objects.filter(device_id=instance_uuid).exclude(status="ACTIVE").update(status="ACTIVE")


def deallocate(instance_uuid: str, network_info: list[dict]) -> None:
    """Delete the ports made for the instance; unbind the ones the user gave (they outlive it)."""
    preserved = [vif["port_id"] for vif in network_info if vif.get("preserve_on_delete")]
    ports = Port.objects.filter(device_id=instance_uuid)
    if preserved:
        ports.filter(id__in=preserved).update(device_id="", device_owner="", binding_host_id="", status="DOWN")
    deleted, _ = ports.exclude(id__in=preserved).delete()
    if deleted:
        logger.info("freed the ports of instance %s", instance_uuid)


def deallocate_one(vif: dict) -> None:
    """Free one port of an instance: deleted if it was made for it, unbound if the user gave it."""
    port = Port.objects.filter(pk=vif["port_id"])
    if vif.get("preserve_on_delete"):
        port.update(device_id="", device_owner="", binding_host_id="", status="DOWN")
    else:
        port.delete()


def nic(vif: dict) -> dict:
    """hostagent.virt.types.Nic as a dict: the port's MAC and first IPv4 address with its subnet, and
    how its network is realised (VIFs cached before the provider extension are `local`)."""
    ip = next((ip for ip in vif["ips"] if ip["version"] == 4), None) or {}
    return {"port_id": vif["port_id"], "network_id": vif["network_id"], "mac_address": vif["mac_address"],
            "address": ip.get("address", ""), "cidr": ip.get("cidr", ""), "gateway": ip.get("gateway") or "",
            "dhcp": ip.get("dhcp", True), "mtu": vif.get("mtu", 1500), "dns": list(ip.get("dns") or ()),
            "network_type": vif.get("network_type", "local"), "physical_network": vif.get("physical_network", "")}


def bridged(network_info: list[dict]) -> bool:
    """Whether any NIC is on a flat (bridged) network, where no DHCP of ours answers."""
    return any(vif.get("network_type") == "flat" for vif in network_info)


def addresses(network_info: list[dict]) -> dict:
    """The server body's `addresses`: per network name, each fixed address with its MAC."""
    result = {}
    for vif in network_info:
        entries = result.setdefault(vif["network_name"] or vif["network_id"], [])
        entries.extend({"version": ip["version"], "addr": ip["address"], "OS-EXT-IPS:type": "fixed",
                        "OS-EXT-IPS-MAC:mac_addr": vif["mac_address"]} for ip in vif["ips"])
    return result
