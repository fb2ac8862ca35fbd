"""The node's default network: shared, marked default, so `networks: auto` has somewhere to go."""
import ipaddress

from django.conf import settings
from django.db import transaction

from networks import ipam
from networks.models import Network, Subnet

DEFAULT_NAME = "xcompute-net"


def ensure_default(project_id: str = "admin") -> Network:
    """Create the default network and its subnet unless a default network exists (idempotent)."""
    with transaction.atomic():
        existing = Network.objects.filter(is_default=True).first()
        if existing is not None:
            return existing
        cidr = ipaddress.ip_network(settings.XCOMPUTE_DEFAULT_NETWORK_CIDR)
        network = Network.objects.create(name=DEFAULT_NAME, project_id=project_id, shared=True, is_default=True,
                                         description="The node's default network (NAT through each compute host)")
        gateway, pools = ipam.plan(cidr, "", None)
        Subnet.objects.create(network=network, project_id=project_id, name=f"{DEFAULT_NAME}-subnet",
                              cidr=str(cidr), ip_version=cidr.version, gateway_ip=gateway, allocation_pools=pools)
        return network
