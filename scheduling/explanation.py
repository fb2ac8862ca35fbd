"""The "why no host" text of an instance fault: what Placement left out, then each filter's rejections.

Two texts. The fault *message*, shown to everyone and cut to 255 characters, is one line of counts:
"No valid host was found. 12 hosts: 3 excluded by placement (disabled), 5 rejected by
ImagePropertiesFilter, 4 rejected by NumInstancesFilter." The fault *details* (admins) say, per
filter and in the order they ran, which hosts it rejected and why: "... ComputeFilter rejected 1
host: compute service is down (node1). AvailabilityZoneFilter rejected 3 hosts: is in zone 'nova',
not 'az1' (node2, node3, node4)." Host lists and reasons are capped so a large cloud's fault stays
readable.
"""
from collections.abc import Sequence
from dataclasses import dataclass

NO_VALID_HOST = "No valid host was found."
MAX_HOSTS_PER_REASON = 5
MAX_REASONS_PER_FILTER = 3
MESSAGE_LENGTH = 255  # instances.faults keeps this much of a fault message, as Nova's column does
# The name rejections carry when a multi-create used up a node for its later instances.
CONSUMED_BY_REQUEST = "Instances placed earlier in this request"


@dataclass(frozen=True)
class Rejection:
    """One host removed by one filter (or by the resources earlier instances of the request took)."""

    filter_name: str
    host: str
    reason: str


@dataclass(frozen=True)
class PlacementPrefilter:
    """What Placement's query excluded before any filter ran, from cheap counts of the compute database.

    `known`: compute nodes the query could have returned; `disabled`: those not returned because their
    service is disabled (COMPUTE_STATUS_DISABLED); `excluded`: (prefilter, count) of those the other
    prefilters kept out (`scheduling.prefilters`: availability zone, isolated aggregates); `returned`:
    the candidates Placement did return. The rest lacked free capacity or a required trait (Placement
    does not say which).
    """

    known: int
    disabled: int
    returned: int
    excluded: tuple[tuple[str, int], ...] = ()

    @property
    def lacking(self) -> int:
        return max(0, self.known - self.disabled - sum(count for _, count in self.excluded) - self.returned)

    def sentence(self) -> str:
        steps = "".join(f"{count} kept out by {name}, " for name, count in self.excluded if count)
        return (f"Placement returned {self.returned} of {self.known} compute {_hosts_word(self.known)}: "
                f"{self.disabled} disabled (COMPUTE_STATUS_DISABLED), {steps}{self.lacking} without enough free "
                f"VCPU, MEMORY_MB or DISK_GB or without a required trait.")


def explain(rejections: Sequence[Rejection], candidate_count: int, instance_index: int = 0,
            num_instances: int = 1) -> str:
    """The per-filter text when no host is left for instance `instance_index` (0-based) of the request."""
    head = _head(instance_index, num_instances)
    if not candidate_count:
        return f"{head} There are no candidate hosts."
    return " ".join([head, f"{candidate_count} candidate {_hosts_word(candidate_count)}.",
                     *_filter_sentences(rejections)])


def summarize(rejections: Sequence[Rejection], candidate_count: int, instance_index: int = 0,
              num_instances: int = 1, prefilter: PlacementPrefilter | None = None) -> str:
    """The one-line fault message: how many hosts, and how many each step removed; at most 255 characters."""
    head = _head(instance_index, num_instances)
    total = prefilter.known if prefilter else candidate_count
    if not total:
        return f"{head} There are no compute hosts." if prefilter else f"{head} There are no candidate hosts."
    parts = []
    if prefilter and prefilter.disabled:
        parts.append(f"{prefilter.disabled} excluded by placement (disabled)")
    for name, count in prefilter.excluded if prefilter else ():
        if count:
            parts.append(f"{count} excluded by placement ({name})")
    if prefilter and prefilter.lacking:
        parts.append(f"{prefilter.lacking} excluded by placement (no room or required traits)")
    for filter_name, by_reason in _grouped(rejections).items():
        count = sum(len(hosts) for hosts in by_reason.values())
        step = "filled by earlier instances of this request" if filter_name == CONSUMED_BY_REQUEST else (
            f"rejected by {filter_name}")
        parts.append(f"{count} {step}")
    start = f"{head} {total} {_hosts_word(total)}"
    return _fit(f"{start}: ", parts) if parts else f"{start}."


def describe(rejections: Sequence[Rejection], candidate_count: int, instance_index: int = 0,
             num_instances: int = 1, prefilter: PlacementPrefilter | None = None) -> str:
    """The fault details: the summary, what Placement excluded, then each filter's hosts and reasons."""
    parts = [summarize(rejections, candidate_count, instance_index, num_instances, prefilter)]
    if prefilter:
        parts.append(prefilter.sentence())
    parts += _filter_sentences(rejections)
    return " ".join(parts)


def _head(instance_index: int, num_instances: int) -> str:
    return NO_VALID_HOST if num_instances == 1 else (
        f"No valid host was found for instance {instance_index + 1} of {num_instances}.")


def _filter_sentences(rejections: Sequence[Rejection]) -> list[str]:
    sentences = []
    for filter_name, by_reason in _grouped(rejections).items():
        count = sum(len(hosts) for hosts in by_reason.values())
        reasons = [f"{reason} ({_host_list(hosts)})" for reason, hosts in by_reason.items()]
        if len(reasons) > MAX_REASONS_PER_FILTER:
            others = len(reasons) - MAX_REASONS_PER_FILTER
            reasons = [*reasons[:MAX_REASONS_PER_FILTER], f"{others} other reason(s)"]
        sentences.append(f"{filter_name} rejected {count} {_hosts_word(count)}: {'; '.join(reasons)}.")
    return sentences


def _fit(start: str, parts: list[str]) -> str:
    """`start` and the comma-separated parts, dropping trailing parts (the details say them) to fit 255."""
    for kept in range(len(parts), 0, -1):
        more = len(parts) - kept
        text = start + ", ".join(parts[:kept]) + (f" and {more} more (see details)" if more else "") + "."
        if len(text) <= MESSAGE_LENGTH:
            return text
    return (start + parts[0])[:MESSAGE_LENGTH - 1] + "."


def _grouped(rejections: Sequence[Rejection]) -> dict[str, dict[str, list[str]]]:
    """filter -> reason -> hosts, each in order of first appearance (the order filters ran)."""
    grouped: dict[str, dict[str, list[str]]] = {}
    for rejection in rejections:
        grouped.setdefault(rejection.filter_name, {}).setdefault(rejection.reason, []).append(rejection.host)
    return grouped


def _host_list(hosts: list[str]) -> str:
    shown = ", ".join(hosts[:MAX_HOSTS_PER_REASON])
    hidden = len(hosts) - MAX_HOSTS_PER_REASON
    return f"{shown} and {hidden} more" if hidden > 0 else shown


def _hosts_word(count: int) -> str:
    return "host" if count == 1 else "hosts"
