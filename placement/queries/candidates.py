"""The SQL of GET /allocation_candidates: which provider trees can satisfy a request, and how.

One query answers it. Its rules:
- a provider can serve `amount` of a class when min_unit <= amount <= max_unit, amount is a
  multiple of step_size, and (total - reserved) * allocation_ratio - used >= amount;
- a numbered group is served by one provider holding all its classes and its required traits;
- the unsuffixed group may be served by several providers of one tree (its required traits are
  checked on the union later, and here as a necessary condition on the tree);
- forbidden traits, member_of (on the provider or its root) and in_tree apply to every provider;
- a provider with MISC_SHARES_VIA_AGGREGATE also serves the trees of its aggregates' members;
- a tree qualifies when every (group, class) part has a provider; `limit` trims trees in SQL.
"""
from dataclasses import dataclass, replace

from django.db import connection

from placement.models import ProviderTrait, ResourceProvider, Trait
from placement.queries.sql import Params, as_uuid_text, floor_int, tables, text_agg, uuid_param, uuid_text

SHARING_TRAIT = "MISC_SHARES_VIA_AGGREGATE"


@dataclass(frozen=True)
class Part:
    """One (group, resource class, amount) the query must find providers for; rc_id None = resourceless."""

    group: str
    rc_id: int | None
    amount: int


@dataclass(frozen=True)
class GroupFilter:
    """Per-provider conditions of one group, already resolved to ids."""

    group: str
    numbered: bool
    required: tuple[tuple[int, ...], ...] = ()
    forbidden: tuple[int, ...] = ()
    member_of: tuple[tuple, ...] = ()
    forbidden_aggregates: tuple = ()
    in_tree_root: int | None = None


@dataclass(frozen=True)
class TreeFilter:
    unsuffixed_required: tuple[tuple[int, ...], ...] = ()
    root_required: tuple[tuple[int, ...], ...] = ()
    root_forbidden: tuple[int, ...] = ()
    single_provider_trees_only: bool = False


@dataclass(frozen=True)
class Row:
    anchor: int
    group: str
    rc_id: int | None
    provider_id: int
    free: int


# Free room of inventory row `i` given the usage row `u` (NULL when nothing is allocated).
FREE = "(i.total - i.reserved) * i.allocation_ratio - COALESCE(u.used, 0)"


def room_for(amount: str, i: str = "i", u: str = "u") -> str:
    """The capacity rule: `amount` fits inventory row `i` with usage row `u`."""
    free = f"({i}.total - {i}.reserved) * {i}.allocation_ratio - COALESCE({u}.used, 0)"
    return (f"{free} >= {amount} AND {i}.min_unit <= {amount} AND {i}.max_unit >= {amount} "
            f"AND {amount} %% {i}.step_size = 0")


def providers_with_room(resources: dict[int, int]) -> list[int]:
    """Ids of providers that, on their own, have room for every (class id, amount) given."""
    t, params = tables(), Params()
    each = " OR ".join(f"(i.resource_class_id = {params.add(rc)} AND {room_for(params.add(amount))})"
                       for rc, amount in resources.items())
    sql = (f"SELECT i.provider_id FROM {t['inv']} i LEFT JOIN (SELECT provider_id, resource_class_id, "
           f"CAST(SUM(used) AS BIGINT) AS used FROM {t['alloc']} GROUP BY provider_id, resource_class_id) u "
           f"ON u.provider_id = i.provider_id AND u.resource_class_id = i.resource_class_id "
           f"WHERE {each} GROUP BY i.provider_id HAVING COUNT(*) = {params.add(len(resources))}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _with_trait(trait_ids, params, t) -> str:
    """Uncorrelated, so the database computes it once (a hashed subplan), not per provider."""
    return f"SELECT provider_id FROM {t['pt']} WHERE trait_id IN ({params.add_list(trait_ids)})"


def _in_aggregate(aggregates, params, t) -> str:
    values = params.add_list(uuid_param(a) for a in aggregates)
    return f"SELECT provider_id FROM {t['pa']} WHERE aggregate_uuid IN ({values})"


def _provider_conditions(f: GroupFilter, params: Params, t, alias: str = "rp") -> list[str]:
    conditions = []
    if f.numbered:
        conditions += [f"{alias}.id IN ({_with_trait(any_of, params, t)})" for any_of in f.required]
    if f.forbidden:
        conditions.append(f"{alias}.id NOT IN ({_with_trait(f.forbidden, params, t)})")
    for any_of in f.member_of:
        members = _in_aggregate(any_of, params, t)
        conditions.append(f"({alias}.id IN ({members}) OR {alias}.root_id IN ({members}))")
    if f.forbidden_aggregates:
        members = _in_aggregate(f.forbidden_aggregates, params, t)
        conditions.append(f"{alias}.id NOT IN ({members}) AND {alias}.root_id NOT IN ({members})")
    if f.in_tree_root is not None:
        conditions.append(f"{alias}.root_id = {params.add(f.in_tree_root)}")
    return conditions


def _eligible(index: int, f: GroupFilter, tree: "TreeFilter", params: Params, t, anchors=None) -> str:
    """Providers that pass a group's per-provider filters, with one flag per unsuffixed required set."""
    conditions = _provider_conditions(f, params, t)
    if anchors is not None:
        conditions.append(f"rp.root_id {params.add_id_set(anchors)}")
    flags = [
        f"CASE WHEN rp.id IN ({_with_trait(any_of, params, t)}) THEN 1 ELSE 0 END AS flag{n}"
        if not f.numbered else f"0 AS flag{n}"
        for n, any_of in enumerate(tree.unsuffixed_required)
    ]
    columns = ", ".join(["rp.id", "rp.root_id", *flags])
    return f"eligible{index} AS (SELECT {columns} FROM {t['rp']} rp WHERE {' AND '.join(conditions) or '1 = 1'})"


def _part_branch(part: Part, index: int, flags: str, params: Params, t) -> str:
    group = params.add(part.group)
    if part.rc_id is None:
        return (f"SELECT {group} AS grp, NULL AS rc_id, e.id AS provider_id, e.root_id, 0 AS free{flags} "
                f"FROM eligible{index} e")
    rc, amount = params.add(part.rc_id), params.add(part.amount)
    return (f"SELECT {group} AS grp, i.resource_class_id AS rc_id, e.id AS provider_id, e.root_id, "
            f"CAST({FREE} AS BIGINT) AS free{flags} "
            f"FROM {t['inv']} i JOIN eligible{index} e ON e.id = i.provider_id "
            f"LEFT JOIN usage u ON u.provider_id = i.provider_id AND u.resource_class_id = i.resource_class_id "
            f"WHERE i.resource_class_id = {rc} AND {room_for(amount)}")


def _numbered_check(parts, filters, params, columns) -> str:
    """Numbered groups keep only providers that serve every class of the group."""
    counts = {}
    for part in parts:
        if filters[part.group].numbered:
            counts[part.group] = counts.get(part.group, 0) + 1
    if not counts:
        return f"SELECT {columns} FROM parts p"
    cases = " ".join(f"WHEN {params.add(group)} THEN {params.add(count)}" for group, count in counts.items())
    return (f"SELECT {columns} FROM parts p WHERE p.grp NOT IN ({params.add_list(counts)}) OR "
            f"(p.grp, p.provider_id) IN (SELECT grp, provider_id FROM parts GROUP BY grp, provider_id "
            f"HAVING COUNT(*) = CASE grp {cases} END)")


def _tree_conditions(tree: TreeFilter, params: Params, t) -> list[str]:
    conditions = []
    for any_of in tree.root_required:
        conditions.append(f"q.anchor IN ({_with_trait(any_of, params, t)})")
    if tree.root_forbidden:
        conditions.append(f"q.anchor NOT IN ({_with_trait(tree.root_forbidden, params, t)})")
    if tree.single_provider_trees_only:
        conditions.append(f"q.anchor NOT IN (SELECT root_id FROM {t['rp']} WHERE id <> root_id)")
    return conditions


def candidate_rows(parts, filters: dict[str, GroupFilter], tree: TreeFilter, sharing_trait_id: int | None,
                   limit: int | None, offset: int = 0, anchors=None) -> list[Row]:
    """Rows (tree, group, class, provider, free capacity) for the first `limit` qualifying trees
    (or for the trees `anchors` names, as probe_anchors found them)."""
    t, params = tables(), Params()
    groups = list(dict.fromkeys(part.group for part in parts))
    flag_names = [f"flag{n}" for n in range(len(tree.unsuffixed_required))]
    flags = "".join(f", {name}" for name in flag_names)
    eligible = ", ".join(_eligible(i, filters[g], tree, params, t, anchors) for i, g in enumerate(groups))
    branches = " UNION ALL ".join(_part_branch(part, groups.index(part.group), flags, params, t) for part in parts)
    rc_ids = sorted({part.rc_id for part in parts if part.rc_id is not None})
    columns = "p.grp, p.rc_id, p.provider_id, p.root_id, p.free" + "".join(f", p.{name}" for name in flag_names)
    sharing = (f"SELECT DISTINCT p.grp, p.rc_id, p.provider_id, member.root_id AS anchor, p.free{flags} FROM ok p "
               f"JOIN {t['pt']} st ON st.provider_id = p.provider_id AND st.trait_id = {params.add(sharing_trait_id)} "
               f"JOIN {t['pa']} sa ON sa.provider_id = p.provider_id "
               f"JOIN {t['pa']} ma ON ma.aggregate_uuid = sa.aggregate_uuid "
               f"JOIN {t['rp']} member ON member.id = ma.provider_id WHERE member.root_id <> p.root_id"
               ) if sharing_trait_id is not None else None
    having = [f"COUNT(DISTINCT grp || ':' || COALESCE(CAST(rc_id AS TEXT), '-')) = {params.add(len(parts))}",
              *(f"MAX({name}) = 1" for name in flag_names)]
    tree_conditions = _tree_conditions(tree, params, t)
    window = f"LIMIT {params.add(limit)} OFFSET {params.add(offset)}" if limit else ""
    # With named trees, sum only their providers' allocations instead of the whole table's.
    in_trees = (f"AND provider_id IN (SELECT id FROM {t['rp']} WHERE root_id {params.add_id_set(anchors)}) "
                if anchors is not None else "")
    sql = (
        f"WITH usage AS (SELECT provider_id, resource_class_id, CAST(SUM(used) AS BIGINT) AS used FROM {t['alloc']} "
        f"WHERE resource_class_id IN ({params.add_list(rc_ids) or 'NULL'}) {in_trees}"
        f"GROUP BY provider_id, resource_class_id), "
        f"{eligible}, "
        f"parts AS ({branches}), "
        f"ok AS ({_numbered_check(parts, filters, params, columns)}), "
        f"anchored AS (SELECT grp, rc_id, provider_id, root_id AS anchor, free{flags} FROM ok"
        f"{' UNION ALL ' + sharing if sharing else ''}), "
        f"qualified AS (SELECT anchor FROM anchored GROUP BY anchor HAVING {' AND '.join(having)}), "
        f"chosen AS (SELECT q.anchor FROM qualified q "
        f"{'WHERE ' + ' AND '.join(tree_conditions) if tree_conditions else ''} ORDER BY q.anchor {window}) "
        f"SELECT a.anchor, a.grp, a.rc_id, a.provider_id, a.free FROM anchored a JOIN chosen c ON c.anchor = a.anchor "
        f"ORDER BY a.anchor, a.grp, a.rc_id, a.provider_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Row(*row) for row in cursor.fetchall()]


def provider_trees(provider_ids) -> dict[int, tuple[str, str | None, str]]:
    """uuid, parent uuid and root uuid of each provider."""
    t, params = tables(), Params()
    sql = (f"SELECT rp.id, rp.uuid, parent.uuid, root.uuid FROM {t['rp']} rp "
           f"LEFT JOIN {t['rp']} parent ON parent.id = rp.parent_id JOIN {t['rp']} root ON root.id = rp.root_id "
           f"WHERE rp.id {params.add_id_set(provider_ids)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: (as_uuid_text(u), as_uuid_text(p), as_uuid_text(r)) for pk, u, p, r in cursor.fetchall()}


def capacities(provider_ids) -> list[tuple[int, int, int, int]]:
    """(provider, class, capacity, used) of every inventory; capacity = int((total - reserved) * ratio)."""
    t, params = tables(), Params()
    sql = (f"SELECT i.provider_id, i.resource_class_id, i.total, i.reserved, i.allocation_ratio, "
           f"COALESCE(u.used, 0) FROM {t['inv']} i LEFT JOIN (SELECT provider_id, resource_class_id, "
           f"CAST(SUM(used) AS BIGINT) AS used "
           f"FROM {t['alloc']} WHERE provider_id {params.add_id_set(provider_ids)} "
           f"GROUP BY provider_id, resource_class_id) u "
           f"ON u.provider_id = i.provider_id AND u.resource_class_id = i.resource_class_id "
           f"WHERE i.provider_id {params.add_id_set(provider_ids)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(p, rc, int((total - reserved) * ratio), int(used))
                for p, rc, total, reserved, ratio, used in cursor.fetchall()]


def trait_names(provider_ids) -> list[tuple[int, str]]:
    t, params = tables(), Params()
    sql = (f"SELECT pt.provider_id, tr.name FROM {t['pt']} pt JOIN {Trait._meta.db_table} tr ON tr.id = pt.trait_id "
           f"WHERE pt.provider_id {params.add_id_set(provider_ids)} ORDER BY tr.name")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def providers_in_trees(root_ids) -> set[int]:
    t, params = tables(), Params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {t['rp']} WHERE root_id {params.add_id_set(root_ids)}", params)
        return {row[0] for row in cursor.fetchall()}


def sharing_providers_exist(sharing_trait_id: int | None) -> bool:
    if sharing_trait_id is None:
        return False
    return ProviderTrait.objects.filter(trait_id=sharing_trait_id).exists()


def _part_exists(part: Part, f: GroupFilter, params: Params, t) -> str:
    """Some provider of tree `r` can serve the part (usage summed per inventory row via its index)."""
    conditions = ["p.root_id = r.id", *_provider_conditions(f, params, t, alias="p")]
    if part.rc_id is not None:
        amount = params.add(part.amount)
        used = (f"(SELECT SUM(a.used) FROM {t['alloc']} a WHERE a.provider_id = i.provider_id "
                f"AND a.resource_class_id = i.resource_class_id)")
        conditions.append(
            f"EXISTS (SELECT 1 FROM {t['inv']} i WHERE i.provider_id = p.id "
            f"AND i.resource_class_id = {params.add(part.rc_id)} "
            f"AND {room_for(amount).replace('COALESCE(u.used, 0)', f'COALESCE({used}, 0)')})")
    # A scalar subquery with LIMIT 1, not EXISTS: the planner cannot turn it into a join, so it runs
    # per tree while the walk goes down the primary key, and the walk stops at `limit` trees.
    return f"(SELECT 1 FROM {t['rp']} p WHERE {' AND '.join(conditions)} LIMIT 1) IS NOT NULL"


def probe_anchors(parts, filters: dict[str, GroupFilter], tree: TreeFilter, limit: int, offset: int) -> list[int]:
    """The first trees, in id order, where every part has a provider: a walk that stops after `limit`.

    A necessary condition only (a numbered group's classes may sit on different providers here);
    candidate_rows() and the per-tree checks then decide. Valid only without sharing providers.
    """
    t, params = tables(), Params()
    conditions = ["r.id = r.root_id", *(_part_exists(part, filters[part.group], params, t) for part in parts)]
    conditions += [c.replace("q.anchor", "r.id") for c in _tree_conditions(tree, params, t)]
    sql = (f"SELECT r.id FROM {t['rp']} r WHERE {' AND '.join(conditions)} "
           f"ORDER BY r.id LIMIT {params.add(limit)} OFFSET {params.add(offset)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def nested_providers_exist() -> bool:
    return ResourceProvider.objects.filter(parent__isnull=False).exists()


@dataclass(frozen=True)
class FlatCandidate:
    id: int
    uuid: str
    resources: str  # the members of its summary's `resources` object, as JSON text
    traits: str  # the items of its summary's `traits` array, as JSON text


# SQL text pieces of the summaries' JSON: "NAME": {"capacity": C, "used": U} and "NAME".
_QUOTE = """'"'"""
_CAPACITY_KEY = """'": {"capacity": '"""
_USED_KEY = """', "used": '"""
_CLOSE = "'}'"


def _resources_text(class_ids, params: Params, t) -> str:
    """SQL aggregating a provider's inventory rows `i` (usage `u`, class `rc`) into its summary's
    `resources` members as JSON text, of `class_ids` only when given.

    The database writes the text: thousands of summaries cost a fraction of building them as dicts.
    Class names are [A-Z0-9_] by their schema, so they need no escaping. Capacity is
    floor((total - reserved) * allocation_ratio), as `capacities` gives it.
    """
    capacity = floor_int("(i.total - i.reserved) * i.allocation_ratio")
    member = (f"{_QUOTE} || rc.name || {_CAPACITY_KEY} || CAST({capacity} AS TEXT) || {_USED_KEY} "
              f"|| CAST(COALESCE(u.used, 0) AS TEXT) || {_CLOSE}")
    narrowed = f" FILTER (WHERE i.resource_class_id IN ({params.add_list(class_ids)}))" if class_ids else ""
    return f"{text_agg(member)}{narrowed}"


def _trait_names(t) -> str:
    """CTEs `named` and `tr`: each candidate's trait names as the items of a JSON array, in name order."""
    name = f"{_QUOTE} || name || {_QUOTE}"
    return (
        f"named AS (SELECT pt.provider_id, tr.name FROM {t['pt']} pt JOIN cand ON cand.id = pt.provider_id "
        f"JOIN {t['trait']} tr ON tr.id = pt.trait_id ORDER BY pt.provider_id, tr.name), "
        f"tr AS (SELECT provider_id, {text_agg(name, 'name')} AS names FROM named GROUP BY provider_id)"
    )


def flat_candidates(parts, group: GroupFilter, tree: TreeFilter, summary_class_ids=None) -> list[FlatCandidate]:
    """Every provider that alone serves every part of the one unsuffixed group, in id order, with
    its provider summary's resources (of `summary_class_ids`, None: every class) and traits.
    (Requests with a limit walk trees instead and stop early: `probe_anchors`.)

    Exact when no provider has a parent and none shares: then every candidate is one provider,
    and the unsuffixed group's required traits are that provider's. The capacity rule is checked
    in one pass over the inventories, grouped by provider (a provider qualifies when a row passes
    for every part). The shape is for the planner, which cannot estimate the capacity rule: a join
    per class, or the rule in a WHERE, made it expect one candidate and walk thousands with index
    probes; a GROUP BY of every provider with the rule in HAVING keeps its estimates near the truth
    and its plan to hash joins. The trait names (`_trait_names`) are joined once at the end.
    """
    t, params = tables(), Params()
    fits = " OR ".join(f"(i.resource_class_id = {params.add(part.rc_id)} AND {room_for(params.add(part.amount))})"
                       for part in parts)
    conditions = _provider_conditions(replace(group, numbered=True), params, t)
    conditions += [c.replace("q.anchor", "rp.id") for c in _tree_conditions(tree, params, t)]
    # `>=` where `=` is meant (a provider has one row per class, so the sum is at most the number
    # of parts): the planner reads `=` on an aggregate as almost nothing qualifying.
    sql = (f"WITH usage AS (SELECT provider_id, resource_class_id, CAST(SUM(used) AS BIGINT) AS used "
           f"FROM {t['alloc']} GROUP BY provider_id, resource_class_id), "
           f"passing AS (SELECT rp.id, rp.uuid FROM {t['rp']} rp "
           f"{'WHERE ' + ' AND '.join(conditions) if conditions else ''}), "
           # One pass over the inventories of the providers that passed: the capacity rule for
           # every part, and the resources of their summaries.
           f"fit AS (SELECT i.provider_id, {_resources_text(summary_class_ids, params, t)} AS body "
           f"FROM {t['inv']} i JOIN passing ON passing.id = i.provider_id "
           f"JOIN {t['rc']} rc ON rc.id = i.resource_class_id LEFT JOIN usage u ON u.provider_id = i.provider_id "
           f"AND u.resource_class_id = i.resource_class_id GROUP BY i.provider_id "
           f"HAVING SUM(CASE WHEN {fits} THEN 1 ELSE 0 END) >= {params.add(len(parts))}), "
           f"cand AS MATERIALIZED (SELECT passing.id, passing.uuid, fit.body FROM passing "
           f"JOIN fit ON fit.provider_id = passing.id ORDER BY passing.id), "
           f"{_trait_names(t)} "
           f"SELECT cand.id, {uuid_text('cand.uuid')}, cand.body, tr.names FROM cand "
           f"LEFT JOIN tr ON tr.provider_id = cand.id ORDER BY cand.id")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [FlatCandidate(pk, as_uuid_text(value), body or "", names or "")
                for pk, value, body, names in cursor.fetchall()]
