"""The flavors a fresh node offers (Nova's classic m1 set), created by bootstrap."""
import logging
from dataclasses import dataclass

from django.db.models import Q

from flavors.models import Flavor
from flavors.services import records

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DefaultFlavor:
    flavorid: str
    name: str
    vcpus: int
    memory_mb: int
    root_gb: int


DEFAULT_FLAVORS = (
    DefaultFlavor("1", "m1.tiny", 1, 512, 1),
    DefaultFlavor("2", "m1.small", 1, 2048, 20),
    DefaultFlavor("3", "m1.medium", 2, 4096, 40),
    DefaultFlavor("4", "m1.large", 4, 8192, 80),
    DefaultFlavor("5", "m1.xlarge", 8, 16384, 160),
)


def ensure_defaults() -> list[Flavor]:
    """Create each default flavor whose id and name are both free; return the ones created.

    An operator's flavor that took a default's id or name wins: it is never touched, so running
    bootstrap again is harmless.
    """
    taken = list(Flavor.objects.filter(
        Q(flavorid__in=[d.flavorid for d in DEFAULT_FLAVORS]) | Q(name__in=[d.name for d in DEFAULT_FLAVORS])
    ).values_list("flavorid", "name"))
    taken_ids, taken_names = {row[0] for row in taken}, {row[1] for row in taken}
    created = []
    for default in DEFAULT_FLAVORS:
        if default.flavorid in taken_ids or default.name in taken_names:
            continue
        created.append(records.create(default.name, default.vcpus, default.memory_mb, default.root_gb,
                                      flavorid=default.flavorid, is_public=True))
    if created:
        logger.info("default flavors created: %s", ", ".join(f.name for f in created))
    return created
