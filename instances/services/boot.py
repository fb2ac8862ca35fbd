"""What a boot request names, resolved and checked with Nova's refusals (400 unless said otherwise)."""
from dataclasses import dataclass

from rest_framework import exceptions

from flavors import services as flavors
from hosts import availability_zones
from hosts.models import ComputeNode, Service
from images.choices import Status
from images.exceptions import NotFound as ImageNotFound
from images.services.access import get_visible, parse_id
from instances import policies
from keypairs import services as keypairs
from keypairs.exceptions import KeypairNotFound
from openstack_api.policy import authorize

GIB = 1024**3


def bad_request(message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({"detail": message})


def id_from_href(ref) -> str:
    """Nova's get_id_from_href: a link's last path segment, or the value itself."""
    return str(ref).rstrip("/").rsplit("/", 1)[-1]


def resolve_flavor(context, flavor_ref):
    """The flavor a boot names; unknown, invisible or disabled ones are Nova's 400."""
    flavorid = id_from_href(flavor_ref)
    try:
        flavor = flavors.get_by_flavorid(flavorid, context, with_extra_specs=True)
    except exceptions.NotFound as exc:
        raise bad_request(str(exc.detail)) from None
    if flavor.disabled:
        raise bad_request(f"Flavor {flavorid} could not be found.")
    return flavor


def resolve_image(context, image_ref):
    """The image a boot names, as the caller may see it; it must be active."""
    image_id = id_from_href(image_ref)
    if parse_id(image_id) is None:
        raise bad_request("Invalid imageRef provided.")
    try:
        image = get_visible(context, image_id)
    except ImageNotFound:
        raise bad_request("Can not find requested image") from None
    if image.status != Status.ACTIVE:
        raise bad_request(f"Image {image.id} is not active.")
    return image


def check_image_fits(context, flavor, image) -> None:
    """Nova's _validate_flavor_image_nostatus: memory first, then the root disk against size and min_disk."""
    if (image.min_ram or 0) > flavor.memory_mb:
        raise bad_request("Flavor's memory is too small for requested image.")
    root_bytes = flavor.root_gb * GIB
    if root_bytes == 0:
        # A zero-disk flavor sizes the root disk from the image: only admins may boot one from an image.
        authorize(context, policies.SERVERS % "create:zero_disk_flavor",
                  message="Only volume-backed servers are allowed for flavors with zero disk.")
        return
    if (image.size or 0) > root_bytes:
        raise bad_request(f"Flavor's disk is too small for requested image. Flavor disk is {root_bytes} bytes, "
                          f"image is {image.size} bytes.")
    if (image.min_disk or 0) * GIB > root_bytes:
        raise bad_request("Flavor's disk is smaller than the minimum size specified in image metadata. "
                          f"Flavor disk is {root_bytes} bytes, minimum size is {image.min_disk * GIB} bytes.")


def resolve_key_pair(context, key_name):
    """The caller's own key pair a boot names; an unknown one (or another user's) is Nova's 400."""
    if key_name is None:
        return None
    try:
        return keypairs.get(context.user_id, key_name)
    except KeypairNotFound:
        raise bad_request("Invalid key_name provided.") from None


@dataclass(frozen=True)
class Destination:
    """Where a boot asks to land: a zone and, for admins, a host and/or node."""

    availability_zone: str | None = None
    host: str | None = None
    node: str | None = None
    force: bool = False  # the legacy az:host:node form skips the filters, as in Nova


def parse_availability_zone(context, value: str | None) -> Destination:
    """Nova's parse_availability_zone: `az`, `az:host`, `az:host:node`, `az::node` (the last three for admins)."""
    zone, host, node = value, None, None
    if value and ":" in value:
        parts = value.split(":")
        if len(parts) == 2:
            zone, host = parts
        elif len(parts) == 3:
            zone, host, node = parts
        else:
            raise bad_request("Invalid input received: Unable to parse availability_zone")
        host, node = host or None, node or None
        if host or node:
            authorize(context, policies.SERVERS % "create:forced_host")
    zone = zone or None
    if zone is not None and zone not in available_zones():
        raise bad_request("The requested availability zone is not available")
    return Destination(zone, host, node, force=bool(host or node))


def available_zones() -> set[str]:
    """Zones a server can be booted into (`hosts.availability_zones.available`)."""
    return availability_zones.available()


def requested_destination(context, destination: Destination, host, node) -> Destination:
    """2.74's host/hypervisor_hostname: admins only, and they must name a known compute host or node."""
    if host is None and node is None:
        return destination
    authorize(context, policies.SERVERS % "create:requested_destination")
    if host is not None and not Service.objects.filter(binary="nova-compute", host=host).exists():
        raise bad_request(f"Compute host {host} could not be found.")
    nodes = ComputeNode.objects.filter(hypervisor_hostname=node)
    if node is not None and not (nodes.filter(host=host) if host else nodes).exists():
        raise bad_request(f"Compute host {host or node} could not be found.")
    return Destination(destination.availability_zone, host, node, force=False)

