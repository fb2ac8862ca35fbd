"""The end-to-end machinery (gunicorn on a free port, logs under test-artifacts) for the HTTP image tests."""
from tests.e2e.conftest import (  # noqa: F401  (fixtures, re-exported for tests/images)
    broker_url,
    compute_api,
    host_name,
    image_api_url,
    image_store,
    node_env,
    processes,
)
