"""The scheduler's Celery task: a thin wrapper over `destinations`, handing on to the conductor."""
import dataclasses

from scheduling import destinations
from scheduling.models import RequestSpecRecord
from scheduling.request_spec import RequestSpec
from server_groups import scheduling as group_scheduling
from xcompute_site.celery import app

BUILD_INSTANCES = "conductor.build_instances"


def spec_for(instance_uuids: list[str]) -> RequestSpec:
    """The stored spec of these instances, narrowed to them, avoiding the hosts their builds failed on."""
    records = list(RequestSpecRecord.objects.filter(instance_uuid__in=instance_uuids))
    if not records:
        raise destinations.NoValidHost(f"No request spec is stored for {', '.join(instance_uuids)}.")
    spec = RequestSpec.from_dict(records[0].spec)
    tried = {host for record in records for host in record.tried_hosts}
    return dataclasses.replace(spec, instance_uuids=tuple(instance_uuids), num_instances=len(instance_uuids),
                               ignore_hosts=frozenset(spec.ignore_hosts) | tried)


@app.task(name="scheduler.select_destinations", bind=True)
def select_destinations(self, instance_uuids: list[str]):
    """Claim a host per instance (NoValidHost fails the chain), then let the conductor build there."""
    with group_scheduling.scheduling(spec_for(instance_uuids)) as spec:
        found = destinations.select_destinations(spec)
        group_scheduling.record_claims(spec, found)
    build = app.signature(BUILD_INSTANCES, kwargs={"instance_uuids": instance_uuids,
                                                   "destinations": _for_build(spec, found)}, immutable=True)
    raise self.replace(build)


def _for_build(spec: RequestSpec, found) -> list[dict]:
    """The destinations as the conductor takes them; members of a hard-policy group name it, so the
    conductor checks the policy again before the build (server_groups.build_check), and only then."""
    group = spec.server_group
    hard = group is not None and group.policy in ("affinity", "anti-affinity")
    return [{**d.to_dict(), "server_group": group.uuid} if hard else d.to_dict() for d in found]
