"""What the scheduler is asked to place: frozen values that travel in Celery arguments as JSON.

The boot chain builds a `RequestSpec` from the API request, the flavor, the image and the server
group, sends `spec.to_dict()` to the scheduler task, which rebuilds it with `RequestSpec.from_dict`.

Decision (same_host/different_host hints): the scheduler has no database, so the caller resolves
the instance uuids named by those hints to their hosts once, into `hinted_instance_hosts`
(uuid -> host). A uuid missing from the mapping is an instance on no host: it satisfies
`different_host` everywhere and `same_host` nowhere, as in Nova. This costs the caller one query
for the hinted uuids instead of listing every instance of every candidate host.

Mapping fields hold copies made at construction: treat them as read-only.
"""
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

SPEC_VERSION = 1
GROUP_POLICIES = ("affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity")


def _set(instance, name: str, value) -> None:
    """Assign to a frozen dataclass during __post_init__ (normalising what the caller passed)."""
    object.__setattr__(instance, name, value)


@dataclass(frozen=True)
class FlavorSpec:
    """The flavor snapshot the instance is built from (sizes in Nova's units)."""

    flavorid: str
    name: str
    vcpus: int
    memory_mb: int
    root_gb: int = 0
    ephemeral_gb: int = 0
    swap_mb: int = 0
    extra_specs: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        _set(self, "extra_specs", {str(k): str(v) for k, v in self.extra_specs.items()})

    def to_dict(self) -> dict:
        return {
            "flavorid": self.flavorid, "name": self.name, "vcpus": self.vcpus, "memory_mb": self.memory_mb,
            "root_gb": self.root_gb, "ephemeral_gb": self.ephemeral_gb, "swap_mb": self.swap_mb,
            "extra_specs": dict(self.extra_specs),
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> "FlavorSpec":
        return cls(**{name: data[name] for name in _FLAVOR_FIELDS if name in data})


_FLAVOR_FIELDS = ("flavorid", "name", "vcpus", "memory_mb", "root_gb", "ephemeral_gb", "swap_mb", "extra_specs")


@dataclass(frozen=True)
class ServerGroupSpec:
    """The instance's server group: its policy, rules and how many members each host already runs.

    `members_hosts` counts the group's *other* members (not the instances being placed) per host;
    the scheduler adds the members it places within one request as it goes.
    """

    uuid: str
    policy: str
    rules: Mapping[str, Any] = field(default_factory=dict)
    members_hosts: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self):
        if self.policy not in GROUP_POLICIES:
            raise ValueError(f"server group policy {self.policy!r} is not one of {', '.join(GROUP_POLICIES)}")
        _set(self, "rules", dict(self.rules))
        _set(self, "members_hosts", {str(h): int(n) for h, n in self.members_hosts.items() if n})

    @property
    def max_server_per_host(self) -> int:
        """The anti-affinity rule of microversion 2.64; 1 when absent, as in Nova."""
        return int(self.rules.get("max_server_per_host", 1))

    def members_on(self, host: str) -> int:
        return self.members_hosts.get(host, 0)

    def with_member_on(self, host: str) -> "ServerGroupSpec":
        """The group after one more member landed on `host` (for the next instance of a request)."""
        counts = dict(self.members_hosts)
        counts[host] = counts.get(host, 0) + 1
        return replace(self, members_hosts=counts)

    def to_dict(self) -> dict:
        return {"uuid": self.uuid, "policy": self.policy, "rules": dict(self.rules),
                "members_hosts": dict(self.members_hosts)}

    @classmethod
    def from_dict(cls, data: Mapping) -> "ServerGroupSpec":
        return cls(uuid=data["uuid"], policy=data["policy"], rules=data.get("rules", {}),
                   members_hosts=data.get("members_hosts", {}))


@dataclass(frozen=True)
class RequestSpec:
    """One boot request (possibly a multi-create) as the filters and weighers see it.

    `availability_zone` None means any zone. `requested_host`/`requested_node` restrict the
    candidates (the admin `az:host:node` forms, or 2.74's host/hypervisor_hostname); with
    `force_hosts` the filters are skipped for them as Nova does for the legacy forced form (the
    weighers still run). `ignore_hosts` are hosts already tried by earlier attempts (reschedules).
    `is_bfv` (boot from volume) drops the root disk from the DISK_GB the instance consumes.
    `image_disk_format` (qcow2, raw, ...) is what the image-type prefilter asks Placement for.
    """

    instance_uuids: tuple[str, ...]
    project_id: str
    user_id: str
    flavor: FlavorSpec
    image_properties: Mapping[str, Any] = field(default_factory=dict)
    num_instances: int = 0
    availability_zone: str | None = None
    requested_host: str | None = None
    requested_node: str | None = None
    force_hosts: bool = False
    scheduler_hints: Mapping[str, tuple[str, ...] | str] = field(default_factory=dict)
    ignore_hosts: frozenset[str] = frozenset()
    server_group: ServerGroupSpec | None = None
    hinted_instance_hosts: Mapping[str, str] = field(default_factory=dict)
    is_bfv: bool = False
    image_disk_format: str | None = None

    def __post_init__(self):
        # Frozen: normalise (and copy) the caller's containers through object.__setattr__.
        _set(self, "instance_uuids", tuple(self.instance_uuids))
        _set(self, "num_instances", self.num_instances or max(len(self.instance_uuids), 1))
        _set(self, "image_properties", dict(self.image_properties))
        _set(self, "scheduler_hints", {k: _hint_value(v) for k, v in self.scheduler_hints.items()})
        _set(self, "ignore_hosts", frozenset(self.ignore_hosts))
        _set(self, "hinted_instance_hosts", dict(self.hinted_instance_hosts))

    def hint_values(self, name: str) -> tuple[str, ...]:
        """A scheduler hint as a tuple whether it was sent as one string or a list (Nova takes both)."""
        value = self.scheduler_hints.get(name, ())
        return (value,) if isinstance(value, str) else tuple(value)

    def requested_resources(self) -> dict[str, int]:
        """VCPU, MEMORY_MB and DISK_GB one instance asks Placement for (Nova's resources_from_flavor)."""
        flavor = self.flavor
        disk = (0 if self.is_bfv else flavor.root_gb) + flavor.ephemeral_gb + math.ceil(flavor.swap_mb / 1024)
        return {"VCPU": flavor.vcpus, "MEMORY_MB": flavor.memory_mb, "DISK_GB": disk}

    def to_dict(self) -> dict:
        """A JSON-ready dict (lists for tuples and sets) that `from_dict` turns back into an equal spec."""
        return {
            "version": SPEC_VERSION,
            "instance_uuids": list(self.instance_uuids), "project_id": self.project_id, "user_id": self.user_id,
            "flavor": self.flavor.to_dict(), "image_properties": dict(self.image_properties),
            "num_instances": self.num_instances, "availability_zone": self.availability_zone,
            "requested_host": self.requested_host, "requested_node": self.requested_node,
            "force_hosts": self.force_hosts,
            "scheduler_hints": {k: v if isinstance(v, str) else list(v) for k, v in self.scheduler_hints.items()},
            "ignore_hosts": sorted(self.ignore_hosts),
            "server_group": self.server_group.to_dict() if self.server_group else None,
            "hinted_instance_hosts": dict(self.hinted_instance_hosts), "is_bfv": self.is_bfv,
            "image_disk_format": self.image_disk_format,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> "RequestSpec":
        if data.get("version", SPEC_VERSION) != SPEC_VERSION:
            raise ValueError(f"request spec version {data['version']} is not {SPEC_VERSION}")
        values = {name: data[name] for name in _SPEC_SCALARS if name in data}
        group = data.get("server_group")
        return cls(
            flavor=FlavorSpec.from_dict(data["flavor"]),
            server_group=ServerGroupSpec.from_dict(group) if group else None,
            ignore_hosts=frozenset(data.get("ignore_hosts", ())),
            **values,
        )


_SPEC_SCALARS = ("instance_uuids", "project_id", "user_id", "image_properties", "num_instances",
                 "availability_zone", "requested_host", "requested_node", "force_hosts", "scheduler_hints",
                 "hinted_instance_hosts", "is_bfv", "image_disk_format")


def _hint_value(value) -> tuple[str, ...] | str:
    return value if isinstance(value, str) else tuple(str(item) for item in value)
