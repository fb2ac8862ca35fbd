"""Resource providers: creating them in trees, renaming and moving them, deleting them, finding them.

Every provider has a root: a provider without a parent is its own root, and every descendant
shares its root's id, so a tree is one indexed lookup. Moving a provider (1.37) moves its subtree.
"""
import uuid as uuid_module
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from placement import exceptions, lookups
from placement.models import Allocation, ProviderAggregate, ProviderTrait, ResourceProvider, Trait
from placement.queries import provider_rows
from placement.queries.candidates import providers_with_room

# `update` leaves the parent alone unless the request named one (None is a request to un-parent).
UNCHANGED = object()


@dataclass
class ProviderFilters:
    """The filters of GET /resource_providers; every one given must hold (logical AND)."""

    name: str | None = None
    uuid: uuid_module.UUID | None = None
    in_tree: uuid_module.UUID | None = None
    # Each entry is a set of aggregates of which the provider must be in at least one.
    member_of: list[frozenset] = field(default_factory=list)
    forbidden_aggregates: set = field(default_factory=set)
    # Each entry is a set of trait names of which the provider must have at least one.
    required: list[frozenset] = field(default_factory=list)
    forbidden_traits: set = field(default_factory=set)
    # Resource class name -> amount the provider must have room for (1.4).
    resources: dict = field(default_factory=dict)


def providers():
    """Providers with what rendering them needs (parent and root uuids) joined in, oldest first."""
    return ResourceProvider.objects.select_related("parent", "root").order_by("id")


def get(uuid_value) -> ResourceProvider:
    """The provider with this uuid, ready to render, or Placement's 404."""
    try:
        key = uuid_module.UUID(str(uuid_value))
    except ValueError:
        key = None
    provider = providers().filter(uuid=key).first() if key else None
    if provider is None:
        raise exceptions.NotFound(f"No resource provider with uuid {uuid_value} found")
    return provider


def _refused(action: str, reason: str, subject: str) -> exceptions.BadRequest:
    """Upstream words a refused tree change as a failed object action inside the request's sentence."""
    return exceptions.BadRequest(f"{subject}: Object action {action} failed because: {reason}")


def _duplicates(name: str, uuid) -> list[str]:
    clashes = []
    if ResourceProvider.objects.filter(name=name).exists():
        clashes.append(f"name: {name}")
    if ResourceProvider.objects.filter(uuid=uuid).exists():
        clashes.append(f"uuid: {uuid}")
    return clashes


def _refuse_duplicates(name: str, uuid) -> None:
    clashes = _duplicates(name, uuid)
    if clashes:
        raise exceptions.Conflict(
            f"Conflicting resource provider {', '.join(clashes)} already exists.", code=exceptions.DUPLICATE_NAME
        )


def create(name: str, uuid=None, parent_uuid=None) -> ResourceProvider:
    """Create a provider, under `parent_uuid` if given; a root provider becomes its own root.

    A root needs no transaction of its own (`provider_rows.insert` is atomic); a child is created
    under its parent's row lock.
    """
    uuid = uuid_module.UUID(str(uuid)) if uuid else uuid_module.uuid4()
    if parent_uuid is None:
        return _inserted(name, uuid, None)
    subject = f'Unable to create resource provider "{name}", {uuid}'
    parent_uuid = uuid_module.UUID(str(parent_uuid))
    if parent_uuid == uuid:
        raise _refused("create", "parent provider UUID cannot be same as UUID. Please set parent provider "
                                 "UUID to None if there is no parent.", subject)
    with transaction.atomic():
        # Locked so that deleting the parent and adding a child to it cannot interleave.
        parent = provider_rows.by_uuid(parent_uuid, for_update=True)
        if parent is None:
            _refuse_duplicates(name, uuid)
            raise _refused("create", "parent provider UUID does not exist.", subject)
        return _inserted(name, uuid, parent)


def _inserted(name: str, uuid, parent) -> ResourceProvider:
    provider = provider_rows.insert(name, uuid, parent)
    if provider is None:  # the name or the uuid is taken (ON CONFLICT: no exception, no savepoint)
        _refuse_duplicates(name, uuid)
        raise exceptions.Conflict(f"Conflicting resource provider {name} already exists.",
                                  code=exceptions.DUPLICATE_NAME)
    return provider


def _subtree_ids(provider: ResourceProvider) -> set[int]:
    """Ids of the provider and of everything below it (one query over its tree)."""
    children = defaultdict(list)
    for pk, parent_id in ResourceProvider.objects.filter(root_id=provider.root_id).values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found, pending = set(), [provider.pk]
    while pending:
        pk = pending.pop()
        found.add(pk)
        pending.extend(children[pk])
    return found


def _new_parent(provider, parent_uuid, allow_reparenting: bool, subject: str):
    """The provider's parent after the request; refuses what this microversion or the tree forbids."""
    if parent_uuid is None:
        if provider.parent_id is not None and not allow_reparenting:
            raise _refused("update", "un-parenting a provider is not currently allowed.", subject)
        return None
    parent = ResourceProvider.objects.select_for_update().filter(uuid=parent_uuid).first()
    if parent is None:
        raise _refused("create", "parent provider UUID does not exist.", subject)
    if provider.parent_id not in (None, parent.pk) and not allow_reparenting:
        raise _refused("update", "re-parenting a provider is not currently allowed.", subject)
    if parent.pk in _subtree_ids(provider):
        raise _refused("update", "creating loop in the provider tree is not allowed.", subject)
    return parent


def _move(provider, parent) -> None:
    """Hang the provider (and so its subtree) under `parent`, or make it a root when None."""
    if parent is None and provider.parent_id is None:
        return
    if parent is not None and parent.pk == provider.parent_id:
        return
    new_root_id = parent.root_id if parent else provider.pk
    ResourceProvider.objects.filter(pk__in=_subtree_ids(provider)).update(root_id=new_root_id)
    provider.parent, provider.root_id = parent, new_root_id


@transaction.atomic
def update(provider: ResourceProvider, name: str, parent_uuid=UNCHANGED, allow_reparenting=False):
    """Rename the provider and, when `parent_uuid` is given, move it (1.37 allows any move)."""
    subject = f"Unable to save resource provider {provider.uuid}"
    locked = ResourceProvider.objects.select_for_update().filter(pk=provider.pk).first()
    if locked is None:
        raise exceptions.NotFound(f"No resource provider with uuid {provider.uuid} found")
    provider = locked
    if parent_uuid is not UNCHANGED:
        parent_uuid = uuid_module.UUID(str(parent_uuid)) if parent_uuid is not None else None
        _move(provider, _new_parent(provider, parent_uuid, allow_reparenting, subject))
    clash = exceptions.Conflict(f"Conflicting resource provider {name} already exists.", code=exceptions.DUPLICATE_NAME)
    if ResourceProvider.objects.filter(name=name).exclude(pk=provider.pk).exists():
        raise clash
    provider.name = name
    try:
        with transaction.atomic():
            provider.save(update_fields=["name", "parent", "root", "updated_at"])
    except IntegrityError:
        raise clash from None
    return get(provider.uuid)


def _delete_locked(provider: ResourceProvider) -> None:
    if ResourceProvider.objects.filter(parent_id=provider.pk).exists():
        raise _parent_conflict(provider)
    if Allocation.objects.filter(provider_id=provider.pk).exists():
        raise exceptions.Conflict(
            f"Unable to delete resource provider {provider.uuid}: Resource provider has allocations.",
            code=exceptions.PROVIDER_INUSE,
        )
    # A root refers to itself; drop that reference first so the row can go.
    ResourceProvider.objects.filter(pk=provider.pk).update(root=None)
    ResourceProvider.objects.filter(pk=provider.pk).delete()


def _parent_conflict(provider) -> exceptions.Conflict:
    return exceptions.Conflict(
        f"Unable to delete parent resource provider {provider.uuid}: It has child resource providers.",
        code=exceptions.PROVIDER_CANNOT_DELETE_PARENT,
    )


def delete(provider: ResourceProvider) -> None:
    """Delete a provider with its inventories, traits and aggregates; refuse parents and providers in use."""
    try:
        with transaction.atomic():
            locked = ResourceProvider.objects.select_for_update().filter(pk=provider.pk).first()
            if locked is None:
                raise exceptions.NotFound(f"No resource provider with uuid {provider.uuid} found for delete")
            _delete_locked(locked)
    except (IntegrityError, ProtectedError):
        # A child was added concurrently, after the check above.
        raise _parent_conflict(provider) from None


def _trait_ids(names) -> dict[str, int]:
    """Ids of the named traits; a 400 naming those that do not exist."""
    found = dict(Trait.objects.filter(name__in=names).values_list("name", "id"))
    missing = sorted(set(names) - set(found))
    if missing:
        raise exceptions.BadRequest(
            f'Invalid trait(s) in "required" parameter: No such trait(s): {", ".join(missing)}.'
        )
    return found


def _with_traits(queryset, filters: ProviderFilters):
    names = set().union(*filters.required, filters.forbidden_traits)
    if not names:
        return queryset
    ids = _trait_ids(names)
    for any_of in filters.required:
        having = ProviderTrait.objects.filter(trait_id__in=[ids[name] for name in any_of])
        queryset = queryset.filter(pk__in=having.values("provider_id"))
    if filters.forbidden_traits:
        having = ProviderTrait.objects.filter(trait_id__in=[ids[name] for name in filters.forbidden_traits])
        queryset = queryset.exclude(pk__in=having.values("provider_id"))
    return queryset


def _with_aggregates(queryset, filters: ProviderFilters):
    for any_of in filters.member_of:
        members = ProviderAggregate.objects.filter(aggregate_uuid__in=any_of)
        queryset = queryset.filter(pk__in=members.values("provider_id"))
    if filters.forbidden_aggregates:
        members = ProviderAggregate.objects.filter(aggregate_uuid__in=filters.forbidden_aggregates)
        queryset = queryset.exclude(pk__in=members.values("provider_id"))
    return queryset


def search(filters: ProviderFilters):
    """Providers matching every filter given, oldest first; unknown trait names are a 400."""
    queryset = providers()
    if filters.name:
        queryset = queryset.filter(name=filters.name)
    if filters.uuid:
        queryset = queryset.filter(uuid=filters.uuid)
    if filters.in_tree:
        root_id = ResourceProvider.objects.filter(uuid=filters.in_tree).values_list("root_id", flat=True).first()
        if root_id is None:
            return queryset.none()
        queryset = queryset.filter(root_id=root_id)
    if filters.resources:
        ids = lookups.resource_class_ids(filters.resources)
        queryset = queryset.filter(id__in=providers_with_room({ids[n]: a for n, a in filters.resources.items()}))
    return _with_aggregates(_with_traits(queryset, filters), filters)
