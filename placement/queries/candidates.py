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
from dataclasses import dataclass

from django.db import connection, models

from placement.models import Allocation, Inventory, ProviderAggregate, ProviderTrait, ResourceProvider

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


def _tables():
    return {
        "rp": ResourceProvider._meta.db_table,
        "inv": Inventory._meta.db_table,
        "alloc": Allocation._meta.db_table,
        "pt": ProviderTrait._meta.db_table,
        "pa": ProviderAggregate._meta.db_table,
    }


class _Params(dict):
    """Collects named parameters; `add` returns the placeholder for a fresh one."""

    def add(self, value) -> str:
        name = f"p{len(self)}"
        self[name] = value
        return f"%({name})s"

    def add_list(self, values) -> str:
        return ", ".join(self.add(value) for value in values)


def _aggregate_value(value):
    return models.UUIDField().get_db_prep_value(value, connection)


def _provider_conditions(f: GroupFilter, params: _Params, t) -> list[str]:
    conditions = []
    if f.numbered:
        for any_of in f.required:
            conditions.append(f"EXISTS (SELECT 1 FROM {t['pt']} pt WHERE pt.provider_id = rp.id "
                              f"AND pt.trait_id IN ({params.add_list(any_of)}))")
    if f.forbidden:
        conditions.append(f"NOT EXISTS (SELECT 1 FROM {t['pt']} pt WHERE pt.provider_id = rp.id "
                          f"AND pt.trait_id IN ({params.add_list(f.forbidden)}))")
    for any_of in f.member_of:
        values = params.add_list(_aggregate_value(a) for a in any_of)
        conditions.append(f"EXISTS (SELECT 1 FROM {t['pa']} pa WHERE pa.provider_id IN (rp.id, rp.root_id) "
                          f"AND pa.aggregate_uuid IN ({values}))")
    if f.forbidden_aggregates:
        values = params.add_list(_aggregate_value(a) for a in f.forbidden_aggregates)
        conditions.append(f"NOT EXISTS (SELECT 1 FROM {t['pa']} pa WHERE pa.provider_id IN (rp.id, rp.root_id) "
                          f"AND pa.aggregate_uuid IN ({values}))")
    if f.in_tree_root is not None:
        conditions.append(f"rp.root_id = {params.add(f.in_tree_root)}")
    return conditions


def _part_branch(part: Part, f: GroupFilter, params: _Params, t) -> str:
    group = params.add(part.group)
    conditions = _provider_conditions(f, params, t)
    if part.rc_id is None:
        where = " AND ".join(conditions) or "1 = 1"
        return (f"SELECT {group} AS grp, NULL AS rc_id, rp.id AS provider_id, rp.root_id AS root_id, 0 AS free "
                f"FROM {t['rp']} rp WHERE {where}")
    rc, amount = params.add(part.rc_id), params.add(part.amount)
    free = "(i.total - i.reserved) * i.allocation_ratio - COALESCE(u.used, 0)"
    conditions = [f"i.resource_class_id = {rc}", f"{free} >= {amount}", f"i.min_unit <= {amount}",
                  f"i.max_unit >= {amount}", f"{amount} %% i.step_size = 0", *conditions]
    return (f"SELECT {group} AS grp, i.resource_class_id AS rc_id, rp.id AS provider_id, rp.root_id AS root_id, "
            f"CAST({free} AS BIGINT) AS free "
            f"FROM {t['inv']} i JOIN {t['rp']} rp ON rp.id = i.provider_id "
            f"LEFT JOIN usage u ON u.provider_id = i.provider_id AND u.resource_class_id = i.resource_class_id "
            f"WHERE {' AND '.join(conditions)}")


def _numbered_check(parts, filters, params) -> str:
    """Numbered groups keep only providers that serve every class of the group."""
    counts = {}
    for part in parts:
        if filters[part.group].numbered:
            counts[part.group] = counts.get(part.group, 0) + 1
    if not counts:
        return "SELECT grp, rc_id, provider_id, root_id, free FROM parts"
    cases = " ".join(f"WHEN {params.add(group)} THEN {params.add(count)}" for group, count in counts.items())
    numbered = params.add_list(counts)
    return (f"SELECT p.grp, p.rc_id, p.provider_id, p.root_id, p.free FROM parts p "
            f"WHERE p.grp NOT IN ({numbered}) OR EXISTS (SELECT 1 FROM parts q WHERE q.grp = p.grp "
            f"AND q.provider_id = p.provider_id GROUP BY q.grp, q.provider_id "
            f"HAVING COUNT(*) = CASE q.grp {cases} END)")


def _tree_conditions(tree: TreeFilter, params: _Params, t) -> list[str]:
    conditions = []
    for any_of in tree.unsuffixed_required:
        conditions.append(f"EXISTS (SELECT 1 FROM anchored a JOIN {t['pt']} pt ON pt.provider_id = a.provider_id "
                          f"WHERE a.anchor = q.anchor AND a.grp = '' AND pt.trait_id IN ({params.add_list(any_of)}))")
    for any_of in tree.root_required:
        conditions.append(f"EXISTS (SELECT 1 FROM {t['pt']} pt WHERE pt.provider_id = q.anchor "
                          f"AND pt.trait_id IN ({params.add_list(any_of)}))")
    if tree.root_forbidden:
        conditions.append(f"NOT EXISTS (SELECT 1 FROM {t['pt']} pt WHERE pt.provider_id = q.anchor "
                          f"AND pt.trait_id IN ({params.add_list(tree.root_forbidden)}))")
    if tree.single_provider_trees_only:
        conditions.append(f"NOT EXISTS (SELECT 1 FROM {t['rp']} c WHERE c.root_id = q.anchor AND c.id <> q.anchor)")
    return conditions


def candidate_rows(parts, filters: dict[str, GroupFilter], tree: TreeFilter, sharing_trait_id: int | None,
                   limit: int | None, offset: int = 0) -> list[Row]:
    """Rows (tree, group, class, provider, free capacity) for the first `limit` qualifying trees."""
    t, params = _tables(), _Params()
    rc_ids = sorted({part.rc_id for part in parts if part.rc_id is not None})
    branches = " UNION ALL ".join(_part_branch(part, filters[part.group], params, t) for part in parts)
    n_parts = params.add(len(parts))
    sharing = (f"SELECT DISTINCT p.grp, p.rc_id, p.provider_id, member.root_id AS anchor, p.free FROM ok p "
               f"JOIN {t['pt']} st ON st.provider_id = p.provider_id AND st.trait_id = {params.add(sharing_trait_id)} "
               f"JOIN {t['pa']} sa ON sa.provider_id = p.provider_id "
               f"JOIN {t['pa']} ma ON ma.aggregate_uuid = sa.aggregate_uuid "
               f"JOIN {t['rp']} member ON member.id = ma.provider_id WHERE member.root_id <> p.root_id"
               ) if sharing_trait_id is not None else None
    tree_conditions = _tree_conditions(tree, params, t)
    window = f"LIMIT {params.add(limit)} OFFSET {params.add(offset)}" if limit else ""
    sql = (
        f"WITH usage AS (SELECT provider_id, resource_class_id, SUM(used) AS used FROM {t['alloc']} "
        f"WHERE resource_class_id IN ({params.add_list(rc_ids) or 'NULL'}) GROUP BY provider_id, resource_class_id), "
        f"parts AS ({branches}), "
        f"ok AS ({_numbered_check(parts, filters, params)}), "
        f"anchored AS (SELECT grp, rc_id, provider_id, root_id AS anchor, free FROM ok"
        f"{' UNION ALL ' + sharing if sharing else ''}), "
        f"qualified AS (SELECT anchor FROM anchored GROUP BY anchor "
        f"HAVING COUNT(DISTINCT grp || ':' || COALESCE(CAST(rc_id AS TEXT), '-')) = {n_parts}), "
        f"chosen AS (SELECT q.anchor FROM qualified q "
        f"{'WHERE ' + ' AND '.join(tree_conditions) if tree_conditions else ''} ORDER BY q.anchor {window}) "
        f"SELECT a.anchor, a.grp, a.rc_id, a.provider_id, a.free FROM anchored a JOIN chosen c ON c.anchor = a.anchor "
        f"ORDER BY a.anchor, a.grp, a.rc_id, a.provider_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Row(*row) for row in cursor.fetchall()]
