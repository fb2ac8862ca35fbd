"""The servers tests' fixtures (the build chain as a recorder, an image, a flavor, `boot`)."""
from tests.instances.conftest import boot, build_chain, flavor, image  # noqa: F401  (fixtures)
