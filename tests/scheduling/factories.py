"""Plain factories for scheduler values: a roomy QEMU node and a one-instance m1.small request."""
from scheduling.config import SchedulerConfig
from scheduling.host_state import HostState
from scheduling.registry import DEFAULT_FILTERS
from scheduling.request_spec import FlavorSpec, RequestSpec, ServerGroupSpec


def make_host(host="node1", **fields) -> HostState:
    """An enabled, up node in zone `nova` with 16 vCPUs, 32 GB and 500 GB free unless told otherwise."""
    values = {"nodename": host, "provider_uuid": f"rp-{host}", "availability_zone": "nova", "total_vcpus": 16,
              "total_memory_mb": 32768, "total_disk_gb": 500}
    return HostState(host=host, **(values | fields))


def make_flavor(**fields) -> FlavorSpec:
    values = {"flavorid": "2", "name": "m1.small", "vcpus": 1, "memory_mb": 2048, "root_gb": 20}
    return FlavorSpec(**(values | fields))


def make_spec(flavor=None, instances=1, **fields) -> RequestSpec:
    uuids = tuple(f"inst-{n}" for n in range(1, instances + 1))
    return RequestSpec(instance_uuids=uuids, project_id="project-a", user_id="alice",
                       flavor=flavor or make_flavor(), **fields)


def make_group(policy="anti-affinity", members_hosts=None, **rules) -> ServerGroupSpec:
    return ServerGroupSpec(uuid="group-1", policy=policy, rules=rules, members_hosts=members_hosts or {})


def make_config(*weighers, filters=DEFAULT_FILTERS, subset=1, **multipliers) -> SchedulerConfig:
    """A config with just these weighers and the default filters unless told, multipliers by weigher name."""
    return SchedulerConfig(filters=filters, weighers=weighers, multipliers=multipliers, host_subset_size=subset)
