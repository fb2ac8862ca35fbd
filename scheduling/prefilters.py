"""Placement prefilters: what a boot request adds to its GET /allocation_candidates, as Nova's
request filters do, and which compute hosts each one kept out (for the no-valid-host explanation).

- Compute disabled status: always; COMPUTE_STATUS_DISABLED is forbidden (`placement_request`).
- Availability zone (XCOMPUTE_SCHEDULER_QUERY_PLACEMENT_FOR_AVAILABILITY_ZONE, on by default): a
  named zone becomes `member_of=in:<its aggregates>`; the default zone, which no aggregate names,
  becomes `member_of=!in:<every zone aggregate>` (hosts in no zone aggregate are in it).
- Image type support (XCOMPUTE_SCHEDULER_QUERY_PLACEMENT_FOR_IMAGE_TYPE_SUPPORT): the image's disk
  format becomes a required `COMPUTE_IMAGE_TYPE_<FORMAT>` trait.
- Isolate aggregates (XCOMPUTE_SCHEDULER_ENABLE_ISOLATED_AGGREGATE_FILTERING): an aggregate whose
  metadata has `trait:<NAME>=required` keys is `member_of=!in:` for requests that do not require
  every one of those traits (flavor or image), so only such requests reach its hosts.
- Required and forbidden traits of the flavor and the image: `placement_request.traits`.

Each query here runs only when its prefilter applies: a request without a zone, with the isolation
off, costs nothing.
"""
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from scheduling import placement_request
from scheduling.request_spec import RequestSpec

AZ_KEY = "availability_zone"


@dataclass(frozen=True)
class Step:
    """One prefilter's effect: the hosts it names are the only ones kept (`keeps_only`) or kept out."""

    name: str
    hosts: frozenset[str]
    keeps_only: bool

    def excludes(self, host: str) -> bool:
        return (host not in self.hosts) if self.keeps_only else (host in self.hosts)


@dataclass(frozen=True)
class Prefilters:
    member_of: tuple[str, ...] = ()
    required: frozenset[str] = frozenset()
    steps: tuple[Step, ...] = ()

    def excluded(self, nodes: Iterable[tuple[str, str]], returned: set[str],
                 disabled_hosts: set[str]) -> tuple[tuple[str, int], ...]:
        """(step name, count) of the nodes (uuid, host) not returned that each step kept out.

        A node kept out by several counts for the first; disabled hosts are counted before any step.
        """
        counts = {step.name: 0 for step in self.steps}
        for uuid, host in nodes:
            if uuid in returned or host in disabled_hosts:
                continue
            step = next((step for step in self.steps if step.excludes(host)), None)
            if step is not None:
                counts[step.name] += 1
        return tuple(counts.items())


def for_spec(spec: RequestSpec) -> Prefilters:
    member_of, required, steps = [], set(), []
    if spec.availability_zone and settings.XCOMPUTE_SCHEDULER_QUERY_PLACEMENT_FOR_AVAILABILITY_ZONE:
        _zone(spec.availability_zone, member_of, steps)
    if settings.XCOMPUTE_SCHEDULER_QUERY_PLACEMENT_FOR_IMAGE_TYPE_SUPPORT and spec.image_disk_format:
        required.add(f"COMPUTE_IMAGE_TYPE_{spec.image_disk_format.upper()}")
    if settings.XCOMPUTE_SCHEDULER_ENABLE_ISOLATED_AGGREGATE_FILTERING:
        _isolation(placement_request.traits(spec)[0] | required, member_of, steps)
    return Prefilters(tuple(member_of), frozenset(required), tuple(steps))


def _aggregates(**filters) -> dict[str, tuple[dict, set[str]]]:
    """Aggregate uuid -> (metadata, hosts), in one query."""
    from hosts.models import Aggregate

    found: dict[str, tuple[dict, set[str]]] = {}
    for uuid, metadata, host in Aggregate.objects.filter(**filters).values_list("uuid", "metadata", "hosts__host"):
        entry = found.setdefault(str(uuid), (metadata, set()))
        if host:
            entry[1].add(host)
    return found


def _zone(zone: str, member_of: list, steps: list) -> None:
    zoned = _aggregates(metadata__has_key=AZ_KEY)
    if zone == settings.XCOMPUTE_DEFAULT_AVAILABILITY_ZONE:
        if zoned:
            member_of.append("!in:" + ",".join(sorted(zoned)))
            steps.append(Step(f"availability zone '{zone}'", _hosts(zoned.values()), keeps_only=False))
        return
    chosen = {uuid: entry for uuid, entry in zoned.items() if entry[0].get(AZ_KEY) == zone}
    if chosen:
        member_of.append("in:" + ",".join(sorted(chosen)))
    steps.append(Step(f"availability zone '{zone}'", _hosts(chosen.values()), keeps_only=True))


def _isolation(required: set[str], member_of: list, steps: list) -> None:
    isolating = {uuid: entry for uuid, entry in _aggregates().items()
                 if not _isolated_traits(entry[0]) <= required}
    if isolating:
        member_of.append("!in:" + ",".join(sorted(isolating)))
        steps.append(Step("isolated aggregates", _hosts(isolating.values()), keeps_only=False))


def _isolated_traits(metadata: dict) -> set[str]:
    return {key.removeprefix("trait:") for key, value in metadata.items()
            if key.startswith("trait:") and value == "required"}


def _hosts(entries) -> frozenset[str]:
    return frozenset(host for _, hosts in entries for host in hosts)
