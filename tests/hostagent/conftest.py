"""Fixtures of the agent's tests that boot a real guest: the image API under gunicorn and the test guest."""
from tests.e2e.conftest import (  # noqa: F401  (fixtures, re-exported for tests/hostagent)
    broker_url,
    host_name,
    image_api_url,
    node_env,
    processes,
)
from tests.guest.conftest import guest_image  # noqa: F401
