import pytest

from tests.conftest import ADMIN_TOKEN, APIClient


class NetworkClient(APIClient):
    """Speaks to the Networking URL map (no microversions)."""


@pytest.fixture
def network_urls(settings):
    settings.ROOT_URLCONF = "xcompute_site.urls.network"
    settings.XCOMPUTE_API_SERVICE = "network"


@pytest.fixture
def net_admin(db, network_urls):
    return NetworkClient(ADMIN_TOKEN)


@pytest.fixture
def alice(db, network_urls):
    """A member of project-a."""
    return NetworkClient("alice:project-a")


@pytest.fixture
def carol(db, network_urls):
    """A member of project-b."""
    return NetworkClient("carol:project-b")


@pytest.fixture
def make_subnet():
    def make(client, cidr="10.20.0.0/24", shared=False, name="net", **subnet):
        network = client.post("/v2.0/networks", {"network": {"name": name, **({"shared": True} if shared else {})}})
        assert network.status_code == 201, network.content
        network_id = network.json()["network"]["id"]
        response = client.post("/v2.0/subnets", {"subnet": {"network_id": network_id, "cidr": cidr, "ip_version": 4,
                                                             **subnet}})
        assert response.status_code == 201, response.content
        return network_id, response.json()["subnet"]
    return make
