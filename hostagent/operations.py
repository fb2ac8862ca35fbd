"""The agent's tasks for a guest that exists: stop, start, reboot, pause, suspend, rebuild, console output.

Each runs one virt driver call and reports the outcome to the conductor (`conductor.instance_operation_done`
with the guest's power state afterwards, or `..._failed` with the error and the power state it left),
which writes the instance's state; the agent owns no rows. The console output is a call: the API
waits for the answer on a reply queue (`xcompute_site.calls`).
"""
import logging
import traceback

from hostagent.consoles import report_console
from hostagent.virt.exceptions import InstanceNotFound
from hostagent.virt.types import NOSTATE, InstanceSpec, nic_from_dict
from xcompute_site import calls

logger = logging.getLogger(__name__)

# Nova's RPC names of the compute manager's methods; the operation names are the conductor's keys.
TASKS = {
    "stop": "compute.stop_instance",
    "start": "compute.start_instance",
    "reboot": "compute.reboot_instance",
    "pause": "compute.pause_instance",
    "unpause": "compute.unpause_instance",
    "suspend": "compute.suspend_instance",
    "resume": "compute.resume_instance",
    "rebuild": "compute.rebuild_instance",
}
CONSOLE_OUTPUT = "compute.get_console_output"
# Calls too: Nova's attach/detach_interface are RPC calls, so the API answers with the outcome.
ATTACH_INTERFACE = "compute.attach_interface"
DETACH_INTERFACE = "compute.detach_interface"
# Operations after which QEMU may have been started anew, with another VNC port (hostagent.consoles).
RESTARTS_GUEST = frozenset({"start", "reboot", "resume", "rebuild"})
# What the conductor is told.
DONE = "conductor.instance_operation_done"
FAILED = "conductor.instance_operation_failed"
DEFAULT_SHUTDOWN_TIMEOUT = 60  # Nova's shutdown_timeout


def driver_calls(driver, shutdown_timeout: float) -> dict:
    """Operation name -> the driver call it makes, given the instance uuid and the task's options."""
    return {
        "stop": lambda uuid: driver.power_off(uuid, shutdown_timeout),
        "start": driver.power_on,
        "reboot": lambda uuid, hard=False: driver.reboot(uuid, hard=hard, timeout=shutdown_timeout),
        "pause": driver.pause,
        "unpause": driver.unpause,
        "suspend": driver.suspend,
        "resume": driver.resume,
        "rebuild": lambda uuid, instance, power_on=True: driver.rebuild(InstanceSpec.from_dict(instance),
                                                                       power_on=power_on),
    }


def register(app, *, driver, shutdown_timeout: float | None = None) -> None:
    """Register the operation tasks on the agent's app, bound to its driver.

    The shutdown timeout (how long an ACPI stop or soft reboot waits for the guest) is this host's
    setting, `XCOMPUTE_SHUTDOWN_TIMEOUT`, as Nova's `shutdown_timeout` is the compute host's.
    """
    if shutdown_timeout is None:
        from xcompute_site.env import env

        shutdown_timeout = env.float("XCOMPUTE_SHUTDOWN_TIMEOUT", default=DEFAULT_SHUTDOWN_TIMEOUT)
    for operation, call in driver_calls(driver, shutdown_timeout).items():
        _register_operation(app, driver, operation, call)

    @app.task(name=CONSOLE_OUTPUT, ignore_result=True, shared=False, acks_late=False)
    def get_console_output(host: str, instance_uuid: str, reply_to: str, reply_by: float | None = None,
                           length: int | None = None) -> None:
        try:
            answer = {"output": driver.console_output(instance_uuid, length)}
        except Exception as exc:  # the caller answers the user; it needs the reason, not a traceback
            logger.warning("console output of %s on %s failed: %s", instance_uuid, host, exc)
            answer = {"error": type(exc).__name__, "message": str(exc)}
        calls.reply(app, reply_to, answer, reply_by)

    for name, plug in ((ATTACH_INTERFACE, driver.attach_interface), (DETACH_INTERFACE, driver.detach_interface)):
        _register_interface_call(app, name, plug)


def _register_interface_call(app, name: str, plug) -> None:
    @app.task(name=name, ignore_result=True, shared=False, acks_late=False)
    def run(host: str, instance_uuid: str, nic: dict, reply_to: str, reply_by: float | None = None) -> None:
        try:
            plug(instance_uuid, nic_from_dict(nic))
            answer = {}
        except Exception as exc:  # the API rolls back and tells the user; it needs the reason
            logger.warning("%s of port %s on %s failed: %s", name, nic.get("port_id"), instance_uuid, exc,
                           exc_info=True)
            answer = {"error": type(exc).__name__, "message": str(exc)}
        calls.reply(app, reply_to, answer, reply_by)


def _register_operation(app, driver, operation: str, call) -> None:
    @app.task(name=TASKS[operation], ignore_result=True, shared=False)
    def run(host: str, instance_uuid: str, **options) -> None:  # `host` routes it (hostagent.queues)
        try:
            power_state = call(instance_uuid, **options)
        except Exception as exc:  # every failure goes back to the conductor, which restores a sane state
            logger.warning("%s of %s on %s failed: %s", operation, instance_uuid, host, exc, exc_info=True)
            app.send_task(FAILED, kwargs={"instance_uuid": instance_uuid, "host": host, "operation": operation,
                                          "message": str(exc) or type(exc).__name__,
                                          "details": traceback.format_exc(),
                                          "power_state": _power_state_or_none(driver, instance_uuid)})
            return
        if operation in RESTARTS_GUEST:
            report_console(app, driver, host, instance_uuid)
        app.send_task(DONE, kwargs={"instance_uuid": instance_uuid, "host": host, "operation": operation,
                                    "power_state": power_state})


def _power_state_or_none(driver, instance_uuid: str) -> int | None:
    """Where a failed operation left the guest, so the database says what the host has (None: unknown)."""
    try:
        return driver.power_state(instance_uuid)
    except InstanceNotFound:
        return NOSTATE
    except Exception:  # the hypervisor itself is failing: leave the recorded power state as it is
        logger.info("no power state of %s after the failure", instance_uuid, exc_info=True)
        return None
