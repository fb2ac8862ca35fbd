"""Turning one tree's SQL rows into allocation requests: the checks SQL cannot express per tree.

Works only on the trees the SQL query chose (at most `limit` of them), never on all providers.
"""
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

# A tree with wide symmetric children can have a combinatorial number of choices; like upstream's
# max_allocation_candidates, stop enumerating one tree after this many.
MAX_COMBINATIONS_PER_TREE = 1000


@dataclass
class AllocationRequest:
    allocations: dict[int, dict[int, int]]  # provider id -> rc id -> amount
    mappings: dict[str, list[int]] = field(default_factory=dict)  # group suffix -> provider ids


@dataclass
class TreeContext:
    """What the checks need to know about providers: traits, parents and free capacity."""

    traits: dict[int, set[int]]
    parents: dict[int, int | None]
    free: dict[tuple[int, int], int]


def _choices(request, rows):
    """Per group, the ways to serve it: numbered -> one provider; unsuffixed -> one provider per class."""
    by_group = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_group[row.group][row.rc_id].append(row.provider_id)
    choices = []
    for suffix, group in request.groups.items():
        per_class = by_group[suffix]
        if group.numbered:
            providers = sorted(set.intersection(*(set(p) for p in per_class.values()))) if per_class else []
            choices.append([(suffix, {None: provider}) for provider in providers])
        else:
            classes = sorted(per_class)
            combos = itertools.product(*(per_class[rc] for rc in classes))
            choices.append([(suffix, dict(zip(classes, combo, strict=True))) for combo in combos])
    return choices


def _ancestors(provider, parents):
    chain = [provider]
    while parents.get(chain[-1]) is not None:
        chain.append(parents[chain[-1]])
    return chain


def _acceptable(request, picks, amounts, context: TreeContext) -> bool:
    numbered = [next(iter(chosen.values())) for suffix, chosen in picks if suffix != ""]
    if request.group_policy == "isolate" and len(set(numbered)) != len(numbered):
        return False
    for (provider, rc), amount in amounts.items():
        if amount > context.free[(provider, rc)]:
            return False
    unsuffixed = {p for suffix, chosen in picks if suffix == "" for p in chosen.values()}
    group = request.groups.get("")
    if group and group.required:
        traits = set().union(*(context.traits.get(p, set()) for p in unsuffixed))
        if not all(traits & any_of for any_of in group.required_ids):
            return False
    chosen_by_suffix = {suffix: set(chosen.values()) for suffix, chosen in picks}
    for suffixes in request.same_subtree:
        members = set().union(*(chosen_by_suffix.get(s, set()) for s in suffixes))
        if not any(all(top in _ancestors(p, context.parents) for p in members) for top in members):
            return False
    return True


def _amounts(request, picks):
    amounts = defaultdict(int)
    for suffix, chosen in picks:
        resources = request.groups[suffix].resource_ids
        for rc, provider in chosen.items():
            if rc is None:  # a numbered group: one provider serves all its classes
                for rc_id, amount in resources.items():
                    amounts[(provider, rc_id)] += amount
            else:
                amounts[(provider, rc)] += resources[rc]
    return amounts


def single_provider_request(request, rows) -> AllocationRequest | None:
    """The common case without enumeration: one unsuffixed group served by one provider.

    The SQL already checked each class's room and the required traits on that provider.
    """
    provider = rows[0].provider_id
    if len(request.groups) != 1 or "" not in request.groups or any(r.provider_id != provider for r in rows):
        return None
    return AllocationRequest({provider: dict(request.groups[""].resource_ids)}, {"": [provider]})


def tree_requests(request, rows, context: TreeContext) -> list[AllocationRequest]:
    """Every distinct, valid allocation request the rows of one tree allow."""
    single = single_provider_request(request, rows)
    if single is not None:
        return [single]
    results, seen = [], set()
    for picks in itertools.islice(itertools.product(*_choices(request, rows)), MAX_COMBINATIONS_PER_TREE):
        amounts = _amounts(request, picks)
        if not _acceptable(request, picks, amounts, context):
            continue
        key = frozenset(amounts.items())
        if key in seen:
            continue
        seen.add(key)
        allocations = defaultdict(dict)
        for (provider, rc), amount in amounts.items():
            allocations[provider][rc] = amount
        mappings = {suffix: sorted(set(chosen.values())) for suffix, chosen in picks}
        results.append(AllocationRequest(dict(allocations), mappings))
    return results
