"""GET /allocation_candidates end to end: resolve names, query trees, combine, summarise."""
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from placement import exceptions
from placement.candidates.combine import AllocationRequest, TreeContext, tree_requests
from placement.candidates.request import CandidateRequest
from placement.models import ProviderTrait, ResourceClass, ResourceProvider, Trait
from placement.queries import candidates as queries


@dataclass
class Result:
    requests: list[AllocationRequest]
    tree_roots: list[int]  # anchors of the trees the requests came from
    # uuid, parent uuid and root uuid of every provider to summarise, when already known.
    trees: dict | None = None
    # The flat shortcut's candidates (one root provider each), which carry their inventories.
    flat: list | None = None


def _flat_result(request, parts, filters, tree, version) -> Result:
    """One provider per candidate: no enumeration, no per-tree checks, no tree lookups; the query
    writes the summaries too (of every class from 1.27, else of the requested ones)."""
    resources = request.groups[""].resource_ids
    summary_classes = None if version >= "1.27" else sorted(resources)
    found = queries.flat_candidates(parts, filters[""], tree, summary_classes)
    requests = [AllocationRequest({c.id: resources}, {"": [c.id]}) for c in found]
    roots = [c.id for c in found]
    return Result(requests, roots, trees={c.id: (c.uuid, None, c.uuid) for c in found}, flat=found)


def _flat(request, parts, sharing) -> bool:
    """The common request (one unsuffixed group, no limit: a limit walks instead) against a cloud of
    single-provider trees."""
    return (request.limit is None and list(request.groups) == [""] and all(part.rc_id is not None for part in parts)
            and not queries.sharing_providers_exist(sharing) and not queries.nested_providers_exist())


def _trait_ids(request: CandidateRequest) -> dict[str, int]:
    names = set(request.root_forbidden).union(*request.root_required)
    for group in request.groups.values():
        names |= group.forbidden
        for any_of in group.required:
            names |= any_of
    found = dict(Trait.objects.filter(name__in=names | {queries.SHARING_TRAIT}).values_list("name", "id"))
    unknown = sorted(names - set(found))
    if unknown:
        raise exceptions.BadRequest(f"No such trait(s): {', '.join(unknown)}", code=exceptions.QUERY_BAD_VALUE)
    return found


def _root_of(provider_uuid) -> int:
    root = ResourceProvider.objects.filter(uuid=provider_uuid).values_list("root_id", flat=True).first()
    if root is None:
        raise exceptions.BadRequest(f"No resource provider with uuid {provider_uuid} found",
                                    code=exceptions.QUERY_BAD_VALUE)
    return root


def _resolve(request: CandidateRequest, version, classes: dict[str, int]):
    traits = _trait_ids(request)
    parts, filters = [], {}
    for suffix, group in request.groups.items():
        group.resource_ids = {classes[name]: amount for name, amount in group.resources.items()}
        group.required_ids = [frozenset(traits[name] for name in any_of) for any_of in group.required]
        parts += [queries.Part(suffix, rc, amount) for rc, amount in group.resource_ids.items()] or [
            queries.Part(suffix, None, 0)]
        filters[suffix] = queries.GroupFilter(
            group=suffix, numbered=group.numbered,
            required=tuple(tuple(sorted(s)) for s in group.required_ids),
            forbidden=tuple(sorted(traits[name] for name in group.forbidden)),
            member_of=tuple(tuple(sorted(s, key=str)) for s in group.member_of),
            forbidden_aggregates=tuple(sorted(group.forbidden_aggregates, key=str)),
            in_tree_root=_root_of(group.in_tree) if group.in_tree else None,
        )
    unsuffixed = request.groups.get("")
    tree = queries.TreeFilter(
        unsuffixed_required=tuple(tuple(sorted(s)) for s in unsuffixed.required_ids) if unsuffixed else (),
        root_required=tuple(tuple(sorted(traits[n] for n in s)) for s in request.root_required),
        root_forbidden=tuple(sorted(traits[n] for n in request.root_forbidden)),
        single_provider_trees_only=version < "1.29",
    )
    return parts, filters, tree, traits.get(queries.SHARING_TRAIT)


def _context(request, rows) -> TreeContext | None:
    """What the per-tree checks need; None when every tree is served by one provider and one group."""
    if len(request.groups) == 1 and "" in request.groups and not _multi_provider_trees(rows):
        return None
    providers = {row.provider_id for row in rows}
    anchors = {row.anchor for row in rows}
    traits = defaultdict(set)
    for provider, trait in ProviderTrait.objects.filter(provider_id__in=providers).values_list("provider_id",
                                                                                              "trait_id"):
        traits[provider].add(trait)
    in_trees = ResourceProvider.objects.filter(Q(root_id__in=anchors) | Q(id__in=providers))
    parents = dict(in_trees.values_list("id", "parent_id"))
    free = {(row.provider_id, row.rc_id): row.free for row in rows if row.rc_id is not None}
    return TreeContext(traits=traits, parents=parents, free=free)


def _multi_provider_trees(rows) -> bool:
    first = {}
    return any(first.setdefault(row.anchor, row.provider_id) != row.provider_id for row in rows)


def _fetch(parts, filters, tree, sharing, page, offset, probe: bool):
    """Rows of the next page of trees: probed in id order when a limit allows stopping early."""
    if probe:
        anchors = queries.probe_anchors(parts, filters, tree, page, offset)
        rows = queries.candidate_rows(parts, filters, tree, sharing, None, anchors=anchors) if anchors else []
        return rows, len(anchors)
    rows = queries.candidate_rows(parts, filters, tree, sharing, page, offset)
    return rows, len({row.anchor for row in rows})


def find(request: CandidateRequest, version, classes: dict[str, int] | None = None) -> Result:
    """Allocation requests for the request, at most `limit` of them, trees in a stable order.

    `classes` (every resource class name -> id) saves the lookup when the caller has read them.
    """
    classes = classes if classes is not None else dict(ResourceClass.objects.values_list("name", "id"))
    parts, filters, tree, sharing = _resolve(request, version, classes)
    if _flat(request, parts, sharing):
        return _flat_result(request, parts, filters, tree, version)
    limit = request.limit
    # Trees the SQL lets through almost always yield a request; fetch a margin for the few that don't.
    page = limit + 8 if limit else None
    probe = bool(limit) and not queries.sharing_providers_exist(sharing)
    requests, roots, offset = [], [], 0
    while True:
        rows, trees = _fetch(parts, filters, tree, sharing, page, offset, probe)
        by_anchor = defaultdict(list)
        for row in rows:
            by_anchor[row.anchor].append(row)
        context = _context(request, rows)
        for anchor, tree_rows in by_anchor.items():
            found = tree_requests(request, tree_rows, context)
            requests += found
            roots += [anchor] * len(found)
            if limit and len(requests) >= limit:
                return Result(requests[:limit], roots[:limit])
        if not page or trees < page:
            return Result(requests, roots)
        offset += page
