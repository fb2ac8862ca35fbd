"""What other code calls to read and manage flavors (the API, bootstrap, later the servers API).

- `get_by_flavorid(id, context)`: a flavor the caller may see, or Nova's 404.
- `create`, `set_description`, `delete`, `set_extra_specs`, `delete_extra_spec`: changes.
- `ensure_defaults()`: the m1 flavors of a fresh node, idempotently.
- `snapshot(flavor)` and `to_embedded(flavor, version)`: the flavor as a server keeps and shows it.
"""
from flavors.services.defaults import DEFAULT_FLAVORS, ensure_defaults
from flavors.services.embedded import snapshot, to_embedded
from flavors.services.records import (
    create,
    delete,
    delete_extra_spec,
    extra_specs_of,
    get_by_flavorid,
    set_description,
    set_extra_specs,
    visible,
)

__all__ = [
    "DEFAULT_FLAVORS", "create", "delete", "delete_extra_spec", "ensure_defaults", "extra_specs_of",
    "get_by_flavorid", "set_description", "set_extra_specs", "snapshot", "to_embedded", "visible",
]
