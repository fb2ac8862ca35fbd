"""Plain factory functions for flavors."""
from flavors.models import Flavor, FlavorAccess, FlavorExtraSpec


def make_flavor(flavorid="100", name=None, vcpus=1, memory_mb=512, root_gb=1, *, projects=(), extra_specs=None,
                **fields) -> Flavor:
    """A flavor; `projects` get access to it (for private flavors), `extra_specs` are stored as given."""
    flavor = Flavor.objects.create(flavorid=flavorid, name=name or f"flavor-{flavorid}", vcpus=vcpus,
                                   memory_mb=memory_mb, root_gb=root_gb, **fields)
    for project in projects:
        FlavorAccess.objects.create(flavor=flavor, project_id=project)
    for key, value in (extra_specs or {}).items():
        FlavorExtraSpec.objects.create(flavor=flavor, key=key, value=value)
    return flavor
