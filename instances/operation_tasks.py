"""The conductor's tasks of server operations: the agents' reports, written by `instances.operations`."""
from instances import operations
from xcompute_site.celery import app


@app.task(name="conductor.instance_operation_done", ignore_result=True)
def instance_operation_done(instance_uuid: str, host: str, operation: str, power_state: int) -> None:
    operations.done(instance_uuid, host, operation, power_state)


@app.task(name="conductor.instance_operation_failed", ignore_result=True)
def instance_operation_failed(instance_uuid: str, host: str, operation: str, message: str, details: str = "",
                              power_state: int | None = None) -> None:
    operations.failed(instance_uuid, host, operation, message, details, power_state)
