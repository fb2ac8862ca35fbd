"""Fixtures of the agent's tests with real guests: the image API and conductor, the test guest, the instances path."""
import libvirt
import pytest
from django.conf import settings

from hostagent.virt.libvirt.domain_xml import network_name
from tests.e2e.conftest import (  # noqa: F401  (fixtures, re-exported for tests/hostagent)
    agent_env,
    broker_url,
    conductor,
    host_name,
    image_api_url,
    node_env,
    processes,
)
from tests.guest.conftest import guest_image  # noqa: F401


@pytest.fixture
def instances_path():
    """Under the checkout's var/ (QEMU runs as its own user and must reach the files; /tmp's pytest
    directories are private to root)."""
    path = settings.VAR_DIR / "test-instances"
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o755)
    return path


def remove_libvirt_network(network_id: str) -> None:
    """Take a node network a real-guest test made off this machine's libvirtd (gone already is fine)."""
    connection = libvirt.open("qemu:///system")
    try:
        network = connection.networkLookupByName(network_name(network_id))
        if network.isActive():
            network.destroy()
        network.undefine()
    except libvirt.libvirtError:
        pass
    finally:
        connection.close()
