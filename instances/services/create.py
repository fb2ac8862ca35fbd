"""Create the instances of a boot request in BUILD/scheduling and hand them to the build chain.

Rows, metadata, tags and one `create` action per instance are written in one transaction; the
chain (`instances.build.start`) starts only after it commits, so its workers always find the rows.
Quota is checked here, under the project's lock until the rows commit (`instances.quotas.admit`), and
again by the chain's first step.
"""
import logging
import random
import re
import string
from dataclasses import dataclass, field

from django.db import transaction

from dashboard.live import events as live
from flavors.services import snapshot
from instances import actions, quotas
from instances.choices import TaskState, VmState
from instances.models import Instance, InstanceMetadata, InstanceTag
from instances.services import chain
from instances.services.boot import Destination
from scheduling.request_spec import FlavorSpec, RequestSpec, ServerGroupSpec
from server_groups import services as server_groups

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BootRequest:
    """A validated boot request with its flavor and image resolved."""

    name: str
    flavor: object
    image: object
    min_count: int = 1
    max_count: int = 1
    destination: Destination = Destination()
    metadata: dict = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    user_data: str | None = None
    description: str | None = None
    key_name: str | None = None
    key_pair: object = None  # the caller's KeyPair that key_name names
    config_drive: bool = False  # asked for; a key or user data gives the guest one anyway
    scheduler_hints: dict = field(default_factory=dict)
    server_group: object = None  # the ServerGroup the `group` hint names
    requested_networks: tuple[dict, ...] = ()  # instances.networking.resolve_requested()


def reservation_id() -> str:
    """Nova's generate_uid('r'): `r-` and eight random lowercase letters or digits."""
    return "r-" + "".join(random.choices(string.digits + string.ascii_lowercase, k=8))


def sanitize_hostname(name: str, default: str) -> str:
    """Nova's sanitize_hostname: latin-1 only, separators as dashes, lower case, at most 63 characters."""
    hostname = name.encode("latin-1", "ignore").decode("latin-1")[:63]
    hostname = re.sub(r"[ _.]", "-", hostname)
    hostname = re.sub(r"[^\w.-]+", "", hostname).lower().strip(".-")
    return hostname or default[:63]


def create(context, boot: BootRequest) -> tuple[list[Instance], str]:
    """Create max_count instances (names `name-1`, `name-2`... when more than one); return them and the reservation id."""
    resv = reservation_id()
    flavor = snapshot(boot.flavor)
    with transaction.atomic():
        count = quotas.admit(context.project_id, flavor, boot.min_count, boot.max_count)
        instances = Instance.objects.bulk_create([_instance(context, boot, flavor, resv, index, count)
                                                  for index in range(count)])
        InstanceMetadata.objects.bulk_create([InstanceMetadata(instance=instance, key=key, value=value)
                                              for instance in instances for key, value in boot.metadata.items()])
        InstanceTag.objects.bulk_create([InstanceTag(instance=instance, tag=tag)
                                         for instance in instances for tag in boot.tags])
        actions.start_many(instances, actions.Action.CREATE, context)
        if boot.server_group is not None:
            server_groups.add_members(boot.server_group, instances)
        spec = request_spec(context, boot, instances).to_dict()
        transaction.on_commit(lambda: chain.start(instances, spec))
        for instance in instances:
            live.instance_changed(instance)
    logger.info("%d instance(s) of reservation %s created for %s: %s", count, resv, context.project_id,
                ", ".join(str(instance.uuid) for instance in instances))
    return instances, resv


def _instance(context, boot: BootRequest, flavor: dict, resv: str, index: int, count: int) -> Instance:
    instance = Instance(
        project_id=context.project_id, user_id=context.user_id, flavor=flavor, image_ref=str(boot.image.id),
        availability_zone=boot.destination.availability_zone, vm_state=VmState.BUILDING,
        task_state=TaskState.SCHEDULING, reservation_id=resv, launch_index=index, user_data=boot.user_data,
        key_name=boot.key_name, description=boot.description, requested_networks=list(boot.requested_networks),
        key_data=boot.key_pair.public_key if boot.key_pair is not None else None,
        config_drive="True" if boot.config_drive or boot.key_pair is not None or boot.user_data else "",
    )
    hostname = sanitize_hostname(boot.name, f"Server-{instance.uuid}")
    instance.display_name = boot.name if count == 1 else f"{boot.name}-{index + 1}"
    instance.hostname = hostname if count == 1 else f"{hostname}-{index + 1}"
    return instance


def request_spec(context, boot: BootRequest, instances: list[Instance]) -> RequestSpec:
    """The scheduler's view of the request: flavor snapshot, image properties, destination and hints."""
    flavor = instances[0].flavor
    destination = boot.destination
    return RequestSpec(
        instance_uuids=[str(instance.uuid) for instance in instances],
        project_id=context.project_id, user_id=context.user_id,
        flavor=FlavorSpec(flavorid=flavor["flavorid"], name=flavor["name"], vcpus=flavor["vcpus"],
                          memory_mb=flavor["memory_mb"], root_gb=flavor["root_gb"],
                          ephemeral_gb=flavor["ephemeral_gb"], swap_mb=flavor["swap"],
                          extra_specs=flavor["extra_specs"]),
        image_properties=dict(boot.image.properties or {}),
        num_instances=len(instances),
        availability_zone=destination.availability_zone,
        requested_host=destination.host, requested_node=destination.node, force_hosts=destination.force,
        scheduler_hints=boot.scheduler_hints,
        hinted_instance_hosts=_hinted_hosts(boot.scheduler_hints),
        server_group=_group_spec(boot.server_group), image_disk_format=boot.image.disk_format,
    )


def _group_spec(group) -> ServerGroupSpec | None:
    """The group's policy and rules; the scheduler counts its members when it schedules."""
    if group is None:
        return None
    return ServerGroupSpec(uuid=str(group.uuid), policy=group.policy, rules=group.rules)


def _hinted_hosts(hints: dict) -> dict[str, str]:
    """same_host/different_host name instances; the scheduler needs their hosts (one query)."""
    named = []
    for name in ("same_host", "different_host"):
        value = hints.get(name, ())
        named.extend([value] if isinstance(value, str) else value)
    if not named:
        return {}
    rows = Instance.objects.filter(uuid__in=named, host__isnull=False, deleted_at__isnull=True)
    return {str(uuid): host for uuid, host in rows.values_list("uuid", "host")}
