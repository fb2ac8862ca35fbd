"""The end-to-end machinery (placement-api under gunicorn on a free port) for the hypervisor usage tests."""
from tests.e2e.conftest import (  # noqa: F401  (fixtures, re-exported for tests/hosts)
    broker_url,
    host_name,
    node_env,
    placement_url,
    processes,
)
