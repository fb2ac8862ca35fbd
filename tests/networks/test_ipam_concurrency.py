"""IPAM under concurrency: ports created at once on one subnet never share an address."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from tests.networks.conftest import NetworkClient

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_ports_created_at_once_get_fifty_distinct_addresses(network_urls, make_subnet):
    # A shared network and ten projects, so nothing but IPAM orders the creates (not their quotas).
    network_id, subnet = make_subnet(NetworkClient("admin:admin"), "10.20.0.0/24", shared=True)

    def create(index):
        try:
            response = NetworkClient(f"user{index}:project-{index % 10}").post(
                "/v2.0/ports", {"port": {"network_id": network_id}})
            return response.status_code, response.json()["port"]["fixed_ips"][0]["ip_address"]
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(create, range(50)))
    assert {status for status, _ in results} == {201}
    addresses = [address for _, address in results]
    assert len(set(addresses)) == 50
    assert sorted(addresses, key=lambda a: int(a.rsplit(".", 1)[1])) == [f"10.20.0.{i}" for i in range(2, 52)]


def test_a_quota_is_never_overrun_by_concurrent_creates(network_urls, make_subnet):
    admin = NetworkClient("admin:admin")
    network_id, _ = make_subnet(NetworkClient("alice:project-a"), "10.20.0.0/24")
    admin.put("/v2.0/quotas/project-a", {"quota": {"port": 5}})

    def create(_):
        try:
            return NetworkClient("alice:project-a").post("/v2.0/ports", {"port": {"network_id": network_id}}) \
                .status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(create, range(12)))
    assert statuses.count(201) == 5 and statuses.count(409) == 7
