"""Address management: subnet geometry checks and race-free allocation from the pools.

Allocation locks the subnet row (SELECT ... FOR UPDATE) for the rest of the port's transaction,
then takes the lowest free address of the pools; concurrent ports on one subnet queue on that
lock instead of colliding, and the unique (subnet, address) constraint backs it up.
"""
import ipaddress

from networks import exceptions
from networks.models import IPAllocation, Subnet


def parse_cidr(cidr: str, ip_version: int):
    try:
        network = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        raise exceptions.InvalidInput(f"'{cidr}' is not a valid IP subnet") from None
    if network.version != ip_version:
        raise exceptions.InvalidInput(f"Cidr {cidr} does not match ip_version {ip_version}")
    if str(network) != cidr.strip():
        # Neutron refuses host bits too: 10.0.0.1/24 is an address, not a subnet.
        raise exceptions.InvalidInput(f"'{cidr}' isn't a recommended CIDR, '{network}' is recommended")
    if network.num_addresses < 4 and network.version == 4:
        raise exceptions.InvalidInput(f"'{cidr}' is too small: a subnet needs room for a gateway and a host")
    return network


def _address(value, what: str, network):
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        raise exceptions.InvalidInput(f"'{value}' is not a valid IP address for {what}") from None
    if address not in network:
        raise exceptions.InvalidInput(f"{what} {value} is not in subnet {network}")
    return address


def _usable(network) -> tuple[int, int]:
    """First and last address a host may hold: not the network address, not the v4 broadcast."""
    first = int(network.network_address) + 1
    last = int(network.broadcast_address) - (1 if network.version == 4 else 0)
    return first, last


def plan(network, gateway_ip, pools) -> tuple[str | None, list[dict]]:
    """The subnet's gateway and allocation pools, checked (or computed as Neutron's defaults)."""
    first, last = _usable(network)
    if gateway_ip is None:
        gateway = None
    elif gateway_ip == "":
        gateway = ipaddress.ip_address(first)
    else:
        gateway = _address(gateway_ip, "gateway_ip", network)
    if pools is None:
        ranges = [(first, last)]
        if gateway is not None:
            ranges = [(start, end) for start, end in ((first, int(gateway) - 1), (int(gateway) + 1, last))
                      if start <= end]
    else:
        ranges = []
        for pool in pools:
            if not isinstance(pool, dict) or set(pool) != {"start", "end"}:
                raise exceptions.InvalidInput("allocation_pools entries need exactly 'start' and 'end'")
            start = int(_address(pool["start"], "allocation pool start", network))
            end = int(_address(pool["end"], "allocation pool end", network))
            if start > end or start < first or end > last:
                raise exceptions.InvalidAllocationPool(
                    f"The allocation pool {pool['start']}-{pool['end']} spans beyond the subnet cidr {network}.")
            ranges.append((start, end))
        ranges.sort()
        for (_, end), (start, _) in zip(ranges, ranges[1:], strict=False):
            if start <= end:
                raise exceptions.OverlappingAllocationPools(
                    f"Found overlapping allocation pools in subnet {network}.")
        if gateway is not None and any(start <= int(gateway) <= end for start, end in ranges):
            raise exceptions.BadRequest(f"Gateway ip {gateway} conflicts with allocation pool in subnet {network}.")
    make = ipaddress.ip_address
    return (str(gateway) if gateway is not None else None,
            [{"start": str(make(start)), "end": str(make(end))} for start, end in ranges])


def _pool_ranges(subnet: Subnet) -> list[tuple[int, int]]:
    return [(int(ipaddress.ip_address(pool["start"])), int(ipaddress.ip_address(pool["end"])))
            for pool in subnet.allocation_pools]


def allocate(subnet: Subnet, port, requested: str | None = None) -> IPAllocation:
    """Give `port` an address on `subnet`: `requested` if it is free, else the lowest free one.

    Call inside the port's transaction; the subnet stays locked until it commits.
    """
    locked = Subnet.objects.select_for_update().get(pk=subnet.pk)
    taken = {int(ipaddress.ip_address(ip)) for ip in
             IPAllocation.objects.filter(subnet=locked).values_list("ip_address", flat=True)}
    network = ipaddress.ip_network(locked.cidr)
    if requested is not None:
        address = _address(requested, "ip_address", network)
        if int(address) in taken:
            raise exceptions.IpAddressAlreadyAllocated(
                f"IP address {address} already allocated in subnet {locked.id}")
        if locked.gateway_ip and address == ipaddress.ip_address(locked.gateway_ip):
            raise exceptions.IpAddressAlreadyAllocated(
                f"IP address {address} already allocated in subnet {locked.id}")
        chosen = int(address)
    else:
        chosen = next((candidate for start, end in _pool_ranges(locked) for candidate in range(start, end + 1)
                       if candidate not in taken), None)
        if chosen is None:
            raise exceptions.IpAddressGenerationFailure(
                f"No more IP addresses available on network {locked.network_id}.")
    return IPAllocation.objects.create(port=port, subnet=locked, ip_address=str(ipaddress.ip_address(chosen)))
