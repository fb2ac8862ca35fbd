"""Filter and weigh the candidate nodes of one boot request, as Nova's FilterScheduler does.

The boot chain asks Placement for allocation candidates, builds one HostState per candidate, calls
`select_hosts`, then claims `selection.placements[i][0]` for instance i and falls back to the next
host of that tuple on a claim conflict. For a multi-create, the node chosen for instance N has
instance N's resources consumed (and server group membership counted) before instance N+1 is
placed, so the request spreads or stacks as the weighers say and anti-affinity holds inside it.

Later instances' lists assume earlier instances got their first choice. When a claim falls back
to another host and the request has a server group (or capacity is tight), schedule the remaining
instances again with the claimed hosts counted in `server_group.members_hosts`.
"""
import logging
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from scheduling import registry
from scheduling.config import SchedulerConfig
from scheduling.explanation import CONSUMED_BY_REQUEST, PlacementPrefilter, Rejection, describe, explain, summarize
from scheduling.filters.base import BaseHostFilter
from scheduling.host_state import HostState
from scheduling.request_spec import RequestSpec
from scheduling.weighers.base import BaseHostWeigher, normalize

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WeighedHost:
    """A node that passed every filter, with its total weight (sum of multiplier * normalised weight)."""

    host_state: HostState
    weight: float


@dataclass(frozen=True)
class Selection:
    """The outcome: per instance, the chosen node first, then the other passing nodes best first.

    When some instance found no node, `placements` is shorter than `num_instances`, `ok` is False
    and `explanation` says, per filter, why the candidates were rejected. `rejections` lists every
    node removed while scheduling the request, by which filter and why. `max_attempts` is how many
    nodes the caller may try for one instance across build failures (Nova's max_attempts).
    """

    placements: tuple[tuple[WeighedHost, ...], ...]
    rejections: tuple[Rejection, ...]
    candidate_count: int
    num_instances: int
    max_attempts: int

    @property
    def ok(self) -> bool:
        return len(self.placements) == self.num_instances

    @property
    def hosts(self) -> tuple[WeighedHost, ...]:
        """The first instance's nodes, best first (all of a single-instance request's answer)."""
        return self.placements[0] if self.placements else ()

    @property
    def explanation(self) -> str:
        if self.ok:
            return ""
        return explain(self.rejections, self.candidate_count, len(self.placements), self.num_instances)

    def fault(self, prefilter: PlacementPrefilter | None = None) -> tuple[str, str]:
        """(message, details) of the no-valid-host fault: one line of counts, then the whole story."""
        args = (self.rejections, self.candidate_count, len(self.placements), self.num_instances, prefilter)
        return summarize(*args), describe(*args)


def select_hosts(hosts: Iterable[HostState], spec: RequestSpec, config: SchedulerConfig | None = None,
                 *, rng: random.Random | None = None) -> Selection:
    """Filter and weigh `hosts` for every instance of `spec` (see the module docstring).

    `config` defaults to the settings; `rng` picks among the best XCOMPUTE_SCHEDULER_HOST_SUBSET_SIZE.
    """
    config = config or SchedulerConfig.from_settings()
    filters = _filters_for(spec, config)
    weighers = [registry.WEIGHERS[name]() for name in config.weighers]
    candidates = list(hosts)
    resources = spec.requested_resources()
    remaining, placements = candidates, []
    rejections: list[Rejection] = []  # a removed host never returns, so each appears at most once
    for index in range(spec.num_instances):
        passed, removed = _filter(remaining, spec, filters, index)
        rejections += removed
        if not passed:
            logger.info("no valid host for instance %d of %d: %s", index + 1, spec.num_instances,
                        explain(rejections, len(candidates), index, spec.num_instances))
            break
        ordered = _order(_weigh(passed, spec, weighers, config.multipliers), config.host_subset_size, rng)
        placements.append(ordered)
        chosen = ordered[0].host_state
        remaining, used_up = _consume(passed, chosen, resources)
        rejections += used_up
        spec = _with_member_placed(spec, chosen.host)
    return Selection(tuple(placements), tuple(rejections), len(candidates), spec.num_instances,
                     config.max_attempts)


def _filters_for(spec: RequestSpec, config: SchedulerConfig) -> list[BaseHostFilter]:
    """Mandatory filters first, then the configured ones; only the mandatory ones for forced hosts."""
    names = list(registry.MANDATORY_FILTERS)
    forced = spec.force_hosts and (spec.requested_host or spec.requested_node)
    if not forced:
        names += [name for name in config.filters if name not in names]
    return [registry.FILTERS[name].from_config(config) for name in names]


def _filter(hosts: list[HostState], spec: RequestSpec, filters: Sequence[BaseHostFilter],
            index: int) -> tuple[list[HostState], list[Rejection]]:
    """Run the filters in order; later instances skip the once-per-request ones (Nova's rule)."""
    rejections = []
    for host_filter in filters:
        if index and host_filter.run_filter_once_per_request:
            continue
        survivors = []
        for host in hosts:
            result = host_filter.host_passes(host, spec)
            if result.passed:
                survivors.append(host)
            else:
                rejections.append(Rejection(host_filter.name(), host.label, result.reason))
        logger.debug("%s: %d of %d hosts pass", host_filter.name(), len(survivors), len(hosts))
        hosts = survivors
        if not hosts:
            break
    return hosts, rejections


def _weigh(hosts: list[HostState], spec: RequestSpec, weighers: Sequence[BaseHostWeigher],
           multipliers: Mapping[str, float]) -> list[WeighedHost]:
    """Per weigher, normalise raw weights across the hosts to 0..1 and add them times the multiplier."""
    totals = [0.0] * len(hosts)
    for weigher in weighers:
        raw = [weigher.weigh(host, spec) for host in hosts]
        normalised = normalize(raw, weigher.minval, weigher.maxval)
        for position, (host, value) in enumerate(zip(hosts, normalised, strict=True)):
            totals[position] += weigher.multiplier(host, multipliers) * value
    return [WeighedHost(host, total) for host, total in zip(hosts, totals, strict=True)]


def _order(weighed: list[WeighedHost], subset_size: int, rng: random.Random | None) -> tuple[WeighedHost, ...]:
    """Best first (ties keep the candidates' order); the first is drawn from the best `subset_size`."""
    ranked = sorted(weighed, key=lambda item: item.weight, reverse=True)
    subset = ranked[:max(1, subset_size)]
    chosen = subset[0] if len(subset) == 1 else (rng or random).choice(subset)
    return (chosen, *[item for item in ranked if item is not chosen])


def _consume(hosts: list[HostState], chosen: HostState,
             resources: Mapping[str, int]) -> tuple[list[HostState], list[Rejection]]:
    """The hosts for the next instance: the chosen one with this instance's resources taken.

    A chosen node that can no longer fit another instance leaves the list, with a rejection that
    says so (Placement would refuse that claim anyway).
    """
    used = chosen.consume(resources)
    if used.fits(resources):
        return [used if host is chosen else host for host in hosts], []
    rejection = Rejection(CONSUMED_BY_REQUEST, chosen.label, "has no room left for another instance")
    return [host for host in hosts if host is not chosen], [rejection]


def _with_member_placed(spec: RequestSpec, host: str) -> RequestSpec:
    """Count the instance just placed as a member of its server group on `host`."""
    if spec.server_group is None:
        return spec
    return replace(spec, server_group=spec.server_group.with_member_on(host))
