"""Conductor tasks of the service registry and compute nodes: thin wrappers over the services."""
import requests

from hosts import aggregate_sync, compute_nodes, services
from placement.client import PlacementClientError
from xcompute_site.celery import app

# Placement may be restarting or briefly contended: retry with backoff rather than lose the update.
PLACEMENT_RETRY = {"autoretry_for": (PlacementClientError, requests.RequestException), "retry_backoff": 2,
                   "max_retries": 8, "ignore_result": True}


@app.task(name="conductor.service_heartbeat", ignore_result=True)
def service_heartbeat(host: str, binary: str) -> None:
    services.record_heartbeat(host, binary)


@app.task(name="conductor.update_compute_node", **PLACEMENT_RETRY)
def update_compute_node(host: str, resources: dict, inventory: dict, initial_ratios=()) -> None:
    compute_nodes.record_report(host, resources, inventory, initial_ratios=initial_ratios)


@app.task(name="conductor.sync_compute_status", **PLACEMENT_RETRY)
def sync_compute_status(host: str) -> None:
    compute_nodes.sync_disabled_trait(host)


@app.task(name="conductor.sync_host_aggregates", **PLACEMENT_RETRY)
def sync_host_aggregates(host: str) -> None:
    aggregate_sync.sync_host(host)
