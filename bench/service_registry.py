"""Heartbeat throughput of the conductor and os-services list cost as the registry grows.

Creates its own database (via Django's test-database machinery), prints figures, asserts nothing.
"""
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xcompute_site.settings")
os.environ.setdefault("XCOMPUTE_PROFILE", "test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from hosts import services  # noqa: E402
from hosts.models import Service  # noqa: E402


def heartbeat_throughput(count=2000):
    hosts = [f"hv{i}" for i in range(100)]
    for host in hosts:
        services.record_heartbeat(host, "nova-compute")
    started = time.perf_counter()
    for i in range(count):
        services.record_heartbeat(hosts[i % len(hosts)], "nova-compute")
    elapsed = time.perf_counter() - started
    print(f"heartbeats: {count / elapsed:,.0f} recorded/s ({elapsed / count * 1e3:.2f} ms each, 100 hosts)")


def list_cost(sizes=(10, 100, 1000)):
    client = Client(headers={"X-Auth-Token": "admin:admin", "OpenStack-API-Version": "compute 2.53"})
    for size in sizes:
        Service.objects.all().delete()
        for i in range(size):
            services.record_heartbeat(f"host{i}", "nova-compute")
        timings = []
        for _ in range(20):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/v2.1/os-services")
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200
        print(f"os-services list, {size:>5} services: median {statistics.median(timings) * 1e3:7.2f} ms, "
              f"p95 {sorted(timings)[18] * 1e3:7.2f} ms, {len(queries)} queries")


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"database: {connection.vendor}")
        heartbeat_throughput()
        list_cost()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
