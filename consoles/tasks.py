"""The conductor's console task: the endpoint an agent read from a guest it started."""
from consoles import endpoints
from xcompute_site.celery import app

CONSOLE_ENDPOINT = "conductor.console_endpoint"


@app.task(name=CONSOLE_ENDPOINT, ignore_result=True)
def console_endpoint(instance_uuid: str, host: str, address: str, port: int) -> None:
    endpoints.record(instance_uuid, host, address, port)
