"""Finding the rows a Placement request names, with Placement's 400/404 wording."""
import uuid as uuid_module

from placement import exceptions
from placement.models import ResourceClass, ResourceProvider
from placement.queries import provider_rows


def parse_uuid(value: str, what: str = "resource provider") -> uuid_module.UUID:
    try:
        return uuid_module.UUID(str(value))
    except ValueError:
        raise exceptions.BadRequest(f"Invalid uuid for {what}: {value}") from None


def get_provider(uuid_value, *, for_update: bool = False) -> ResourceProvider:
    """The provider with this uuid, or a 404 as Placement words it."""
    try:
        key = uuid_module.UUID(str(uuid_value))
    except ValueError:
        key = None
    provider = provider_rows.by_uuid(key, for_update=for_update) if key else None
    if provider is None:
        raise exceptions.NotFound(f"No resource provider with uuid {uuid_value} found")
    return provider


def resource_class_ids(names) -> dict[str, int]:
    """Ids of the named resource classes; a 400 naming any that do not exist."""
    names = set(names)
    found = dict(ResourceClass.objects.filter(name__in=names).values_list("name", "id"))
    unknown = sorted(names - set(found))
    if unknown:
        raise exceptions.BadRequest(f"Unknown resource class in request: {', '.join(unknown)}")
    return found
