"""Neutron's provider extension: how a network is realised on the hosts (admins only, to set and to see).

`local` (the default) is a NAT network of each host with our DHCP; `flat` bridges guests to the host
bridge its physical network maps to (XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS), whose own DHCP or the config
drive gives them their addresses. Segmentation (VLAN, VXLAN...) is not offered.
"""
from django.conf import settings

from networks import exceptions
from networks.models import Network
from networks.services import access
from networks.services.attributes import string

NETWORK_TYPE, PHYSICAL_NETWORK, SEGMENTATION_ID = ("provider:network_type", "provider:physical_network",
                                                   "provider:segmentation_id")
ATTRIBUTES = (NETWORK_TYPE, PHYSICAL_NETWORK, SEGMENTATION_ID)
TYPES = ("local", "flat")
CONVERTERS = {NETWORK_TYPE: string(NETWORK_TYPE), PHYSICAL_NETWORK: string(PHYSICAL_NETWORK, 64, nullable=True),
              SEGMENTATION_ID: lambda value: value}


def take(context, body: dict, project_id: str, action: str, current=None) -> dict:
    """Pop the provider attributes from `body` (policy checked for each given); their model fields."""
    given = {name: body.pop(name) for name in ATTRIBUTES if name in body}
    for name in given:
        access.enforce(context, f"{action}_network:{name}", project_id)
    if not given:
        return {}
    network_type = given.get(NETWORK_TYPE) or (current.network_type if current else "local")
    physnet = given.get(PHYSICAL_NETWORK, current.physical_network if current else None)
    if current is not None:  # an update: only a no-op passes
        check_update(current, {"network_type": network_type, "physical_network": physnet})
        return {}
    if network_type not in TYPES:
        raise exceptions.InvalidInput(f"network_type value '{network_type}' not supported")
    if given.get(SEGMENTATION_ID) is not None:
        raise exceptions.InvalidInput(f"segmentation_id prohibited for {network_type} provider network")
    if network_type == "local" and physnet:
        raise exceptions.InvalidInput("physical_network prohibited for local provider network")
    if network_type == "flat":
        _check_flat(physnet)
    return {"network_type": network_type, "physical_network": physnet or None}


def _check_flat(physnet) -> None:
    if not physnet:
        raise exceptions.InvalidInput("physical_network required for flat provider network")
    if physnet not in settings.XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS:
        raise exceptions.InvalidInput(f"physical_network '{physnet}' unknown for flat provider network")
    # One flat network per physical network, as Neutron's ML2 flat type driver allows.
    if Network.objects.filter(network_type="flat", physical_network=physnet).exists():
        raise exceptions.in_use("FlatNetwork", f"Unable to create the flat network. Physical network {physnet} "
                                "is in use.")


def check_update(network, fields: dict) -> None:
    """Provider attributes are fixed once the network exists (the hosts realised it that way)."""
    if fields and (fields["network_type"], fields["physical_network"]) != (network.network_type,
                                                                           network.physical_network):
        raise exceptions.InvalidInput("Plugin does not support updating provider attributes")


def body(network) -> dict:
    """The provider attributes as Neutron shows them."""
    return {NETWORK_TYPE: network.network_type, PHYSICAL_NETWORK: network.physical_network,
            SEGMENTATION_ID: None}
