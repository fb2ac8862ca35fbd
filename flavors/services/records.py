"""Flavor records: lookup with Nova's visibility rule, create, describe, delete, extra specs."""
import logging
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from flavors import exceptions
from flavors.models import Flavor, FlavorAccess, FlavorExtraSpec
from openstack_api.policy import is_admin

logger = logging.getLogger(__name__)


def accessible_to(project_id) -> Q:
    """Public flavors, or private ones the project was given access to (Nova's `projects.any()`)."""
    granted = FlavorAccess.objects.filter(flavor=OuterRef("pk"), project_id=project_id)
    return Q(is_public=True) | Q(Exists(granted))


def visible(context=None) -> QuerySet:
    """Flavors `context` may look up: all for admins and internal callers (None), else accessible ones."""
    if context is None or is_admin(context):
        return Flavor.objects.all()
    return Flavor.objects.filter(accessible_to(context.project_id))


def get_by_flavorid(flavorid, context=None, *, with_extra_specs=False) -> Flavor:
    """The flavor with this id as `context` may see it, or Nova's 404 (`Flavor X could not be found.`)."""
    queryset = visible(context)
    if with_extra_specs:
        queryset = queryset.prefetch_related("extra_specs")
    try:
        return queryset.get(flavorid=str(flavorid))
    except Flavor.DoesNotExist:
        raise exceptions.flavor_not_found(flavorid) from None


def extra_specs_of(flavor: Flavor) -> dict[str, str]:
    """The flavor's extra specs as a dict (from the prefetch cache when the caller prefetched them)."""
    return {spec.key: spec.value for spec in flavor.extra_specs.all()}


def create(name, vcpus, memory_mb, root_gb, *, flavorid=None, ephemeral_gb=0, swap=0,
           rxtx_factor=1.0, is_public=True, description=None, extra_specs=None) -> Flavor:
    """Create a flavor (a UUID id when none is given); 409 when its id or its name is taken."""
    flavorid = str(uuid.uuid4()) if flavorid in (None, "") else str(flavorid)
    _refuse_duplicates(flavorid, name)
    try:
        with transaction.atomic():
            flavor = Flavor.objects.create(
                flavorid=flavorid, name=name, vcpus=vcpus, memory_mb=memory_mb, root_gb=root_gb,
                ephemeral_gb=ephemeral_gb, swap=swap, rxtx_factor=rxtx_factor, is_public=is_public,
                description=description,
            )
            if extra_specs:
                set_extra_specs(flavor, extra_specs)
    except IntegrityError:  # created concurrently between the check and the insert
        _refuse_duplicates(flavorid, name)
        raise
    logger.info("flavor %s (%s) created", flavor.flavorid, flavor.name)
    return flavor


def _refuse_duplicates(flavorid, name) -> None:
    # Nova reports a taken id before a taken name.
    if Flavor.objects.filter(flavorid=flavorid).exists():
        raise exceptions.flavor_id_exists(flavorid)
    if Flavor.objects.filter(name=name).exists():
        raise exceptions.flavor_name_exists(name)


def set_description(flavor: Flavor, description) -> Flavor:
    """The only thing Nova lets an operator change on an existing flavor (from 2.55)."""
    flavor.description = description
    flavor.save(update_fields=["description", "updated_at"])
    logger.info("flavor %s description updated", flavor.flavorid)
    return flavor


def delete(flavor: Flavor) -> None:
    """Delete the flavor with its extra specs and access list; servers keep their own copy of it."""
    flavorid = flavor.flavorid
    flavor.delete()
    logger.info("flavor %s deleted", flavorid)


def set_extra_specs(flavor: Flavor, specs: dict) -> None:
    """Create or overwrite extra specs in one statement; numbers are stored as strings, as in Nova."""
    rows = [FlavorExtraSpec(flavor=flavor, key=key, value=str(value)) for key, value in specs.items()]
    FlavorExtraSpec.objects.bulk_create(rows, update_conflicts=True, unique_fields=["flavor", "key"],
                                        update_fields=["value"])
    Flavor.objects.filter(pk=flavor.pk).update(updated_at=timezone.now())
    logger.info("flavor %s extra specs set: %s", flavor.flavorid, ", ".join(sorted(specs)))


def delete_extra_spec(flavor: Flavor, key: str) -> None:
    deleted, _ = FlavorExtraSpec.objects.filter(flavor=flavor, key=key).delete()
    if not deleted:
        raise exceptions.extra_spec_not_found(flavor.flavorid, key)
    Flavor.objects.filter(pk=flavor.pk).update(updated_at=timezone.now())
    logger.info("flavor %s extra spec %s deleted", flavor.flavorid, key)
