"""The agent's Celery tasks: thin wrappers that run the virt driver and report to the conductor.

The agent owns no rows: every outcome goes back as a conductor task, and the conductor decides
what the database says. Tasks are idempotent (a redelivered build starts the guest it defined),
so late acknowledgement is safe.
"""
import logging
import traceback

from hostagent import operations
from hostagent.consoles import report_console
from hostagent.virt.types import InstanceSpec

logger = logging.getLogger(__name__)

BUILD = "compute.build_and_run_instance"
TERMINATE = "compute.terminate_instance"
# What the conductor is told.
SPAWNED = "conductor.instance_spawned"
BUILD_FAILED = "conductor.instance_build_failed"
TERMINATED = "conductor.instance_terminated"


def register(app, *, driver) -> None:
    """Register the host's tasks on the agent's Celery app, bound to its virt driver."""

    @app.task(name=BUILD, ignore_result=True, shared=False)
    def build_and_run_instance(host: str, instance: dict) -> None:  # `host` routes it (hostagent.queues)
        spec = InstanceSpec.from_dict(instance)
        try:
            power_state = driver.spawn(spec)
        except Exception as exc:  # every failure goes back as a fault; the conductor reschedules or errs
            logger.warning("build of %s on %s failed: %s", spec.uuid, host, exc, exc_info=True)
            _clean_up(driver, spec.uuid)
            app.send_task(BUILD_FAILED, kwargs={"instance_uuid": spec.uuid, "host": host, "message": str(exc),
                                                "details": traceback.format_exc()})
            return
        report_console(app, driver, host, spec.uuid)
        app.send_task(SPAWNED, kwargs={"instance_uuid": spec.uuid, "host": host, "power_state": power_state})

    @app.task(name=TERMINATE, ignore_result=True, shared=False)
    def terminate_instance(host: str, instance_uuid: str) -> None:
        driver.destroy(instance_uuid)
        app.send_task(TERMINATED, kwargs={"instance_uuid": instance_uuid, "host": host})

    operations.register(app, driver=driver)  # stop, start, reboot... of the guests that exist


def _clean_up(driver, instance_uuid: str) -> None:
    """Leave nothing of a failed build on the host (the instance is rescheduled elsewhere or fails)."""
    try:
        driver.destroy(instance_uuid)
    except Exception:  # the failure being reported matters more than a leftover
        logger.warning("could not clean up after the failed build of %s", instance_uuid, exc_info=True)
