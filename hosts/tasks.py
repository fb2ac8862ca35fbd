"""Conductor tasks of the service registry: thin wrappers over hosts.services."""
from hosts import services
from xcompute_site.celery import app


@app.task(name="conductor.service_heartbeat", ignore_result=True)
def service_heartbeat(host: str, binary: str) -> None:
    services.record_heartbeat(host, binary)
