"""The "why no host" text of an instance fault: per filter, how many hosts it rejected and why.

Reads like: "No valid host was found. 4 candidate hosts. ComputeFilter rejected 1 host: compute
service is down (node1). AvailabilityZoneFilter rejected 3 hosts: is in zone 'nova', not 'az1'
(node2, node3, node4)." Host lists and reasons are capped so a large cloud's fault stays readable.
"""
from collections.abc import Sequence
from dataclasses import dataclass

NO_VALID_HOST = "No valid host was found."
MAX_HOSTS_PER_REASON = 5
MAX_REASONS_PER_FILTER = 3


@dataclass(frozen=True)
class Rejection:
    """One host removed by one filter (or by the resources earlier instances of the request took)."""

    filter_name: str
    host: str
    reason: str


def explain(rejections: Sequence[Rejection], candidate_count: int, instance_index: int = 0,
            num_instances: int = 1) -> str:
    """The fault text when no host is left for instance `instance_index` (0-based) of the request."""
    head = NO_VALID_HOST if num_instances == 1 else (
        f"No valid host was found for instance {instance_index + 1} of {num_instances}.")
    if not candidate_count:
        return f"{head} There are no candidate hosts."
    parts = [head, f"{candidate_count} candidate {_hosts_word(candidate_count)}."]
    for filter_name, by_reason in _grouped(rejections).items():
        count = sum(len(hosts) for hosts in by_reason.values())
        reasons = [f"{reason} ({_host_list(hosts)})" for reason, hosts in by_reason.items()]
        if len(reasons) > MAX_REASONS_PER_FILTER:
            others = len(reasons) - MAX_REASONS_PER_FILTER
            reasons = [*reasons[:MAX_REASONS_PER_FILTER], f"{others} other reason(s)"]
        parts.append(f"{filter_name} rejected {count} {_hosts_word(count)}: {'; '.join(reasons)}.")
    return " ".join(parts)


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
