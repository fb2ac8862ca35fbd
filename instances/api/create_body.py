"""The POST /servers body, validated and resolved into a BootRequest with Nova's 400s, and the create itself."""
import secrets

from rest_framework import exceptions

from instances import networking, policies
from instances.api import schemas
from instances.services import boot as checks
from instances.services import create as create_service
from instances.services.create import BootRequest
from instances.services.metadata import check_limit
from openstack_api.policy import authorize
from openstack_api.validation import check_name, printable, to_bool, validate
from server_groups import services as server_groups


def create_servers(context, data, version) -> tuple[list, str, dict]:
    """POST /servers without the HTTP: policy, the body checked and resolved, the instances created.

    The API view and the dashboard's launch form both call this, so a launch from either is refused,
    counted against quota and recorded exactly alike. Returns (instances, reservation id, options).
    """
    authorize(context, policies.SERVERS % "create", {"project_id": context.project_id, "user_id": context.user_id})
    boot, options = boot_request(data, version, context)
    instances, reservation_id = create_service.create(context, boot)
    return instances, reservation_id, options


def boot_request(data, version, context) -> tuple[BootRequest, dict]:
    """The BootRequest, and the response options (reservation id only, security groups, admin password)."""
    body = validate(data, schemas.create_schema(version))
    server = body["server"]
    check_name(server["name"])
    _check_description(server.get("description"))
    min_count, max_count = _counts(server)
    check_limit(server.get("metadata", {}), context.project_id)
    _check_block_devices(server)
    hints = body.get("os:scheduler_hints", body.get("OS-SCH-HNT:scheduler_hints", {}))
    group = server_groups.for_hint(context, hints["group"]) if "group" in hints else None
    flavor = checks.resolve_flavor(context, server["flavorRef"])
    image = checks.resolve_image(context, server["imageRef"])
    checks.check_image_fits(context, flavor, image)
    key_pair = checks.resolve_key_pair(context, server.get("key_name"))
    destination = checks.parse_availability_zone(context, server.get("availability_zone"))
    destination = checks.requested_destination(context, destination, server.get("host"),
                                               server.get("hypervisor_hostname"))
    requested_networks = networking.resolve_requested(context, server.get("networks"), max_count)
    boot = BootRequest(
        name=server["name"], flavor=flavor, image=image, min_count=min_count, max_count=max_count,
        destination=destination, metadata=server.get("metadata", {}), tags=tuple(server.get("tags", ())),
        user_data=server.get("user_data"), description=server.get("description"), key_name=server.get("key_name"),
        key_pair=key_pair, config_drive=to_bool(server.get("config_drive") or False),
        scheduler_hints=hints, server_group=group, requested_networks=tuple(requested_networks),
    )
    options = {
        "return_reservation_id": to_bool(server.get("return_reservation_id", False)),
        "security_groups": [{"name": group.get("name", "default")} for group in server.get("security_groups", [])]
        or [{"name": "default"}],
        "admin_pass": server.get("adminPass") or _password(),
    }
    return boot, options


def _counts(server) -> tuple[int, int]:
    """min_count and max_count (numbers or numeric strings); max defaults to min, and may not be below it."""
    min_count = int(server.get("min_count", 1))
    max_count = int(server.get("max_count", min_count))
    if min_count < 1 or max_count < 1:
        field = "min_count" if min_count < 1 else "max_count"
        value = server.get(field)
        raise exceptions.ValidationError({"detail": (
            f"Invalid input for field/attribute {field}. Value: {value}. {value} is less than the minimum of 1")})
    if min_count > max_count:
        raise exceptions.ValidationError({"detail": "min_count must be <= max_count"})
    return min_count, max_count


def _check_description(description) -> None:
    if description is not None and not printable(description):
        raise exceptions.ValidationError({"detail": (
            f"Invalid input for field/attribute description. Value: {description}. "
            "Only printable characters are allowed.")})


def _check_block_devices(server) -> None:
    """Only the image-to-local-disk mapping clients send for an image boot; volumes come later."""
    for mapping in server.get("block_device_mapping_v2", []):
        if mapping.get("source_type") != "image" or mapping.get("destination_type", "local") != "local":
            raise exceptions.ValidationError({"detail": "Block device mappings other than the image on a local "
                                                        "disk are not supported yet."})


def _password() -> str:
    """Nova's generate_password: 12 characters that are easy to read and type."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    return "".join(secrets.choice(alphabet) for _ in range(12))
