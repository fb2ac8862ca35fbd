"""Operations on a server that exists on its host (stop, start, reboot, pause, suspend, rebuild...).

One table says, per operation, what Nova says: the vm and task states the API accepts it in, the
task state it sets, the instance action and event it records, and the vm state it ends in. The API
starts an operation (`instances.services.server_actions.begin`) and casts it straight to the host's
queue; the agent reports the outcome and the conductor, the only writer on the agents' behalf,
writes it here with a compare-and-swap on the task state it expects, so a report that lost a race
(a delete, a reset-state, a hard reboot over a soft one) changes nothing.

    API: task_state = powering-off -> compute.stop_instance on compute.<host>
      -> conductor.instance_operation_done / _failed -> vm_state, power_state, task_state = None
"""
import logging
from dataclasses import dataclass

from django.utils import timezone

from instances import actions, faults, states
from instances.choices import PowerState, TaskState, VmState
from instances.lifecycle import RACES, owned_instance, record_event
from openstack_api.request_id import current_request_id

logger = logging.getLogger(__name__)

V, T = VmState, TaskState
SOFT_REBOOT_STATES = (T.REBOOTING, T.REBOOT_PENDING, T.REBOOT_STARTED)
HARD_REBOOT_STATES = (T.REBOOTING_HARD, T.REBOOT_PENDING_HARD, T.REBOOT_STARTED_HARD)
# Nova's task_states.ALLOW_REBOOT: a hard reboot may interrupt these.
ALLOW_REBOOT = (None, *SOFT_REBOOT_STATES, T.RESUMING, T.REBOOTING_HARD, T.UNPAUSING, T.PAUSING, T.SUSPENDING)


@dataclass(frozen=True)
class Operation:
    """What Nova's compute API and manager do for one operation, as data."""

    agent: str  # the agent's operation (hostagent.operations.TASKS)
    action: str  # Nova's instance action (os-instance-actions) and the word of its 409s
    vm_states: tuple  # the API accepts the operation in these vm states...
    task_state: str  # ...sets this task state...
    done: str | None  # ...and the host's success ends in this vm state (None: as the guest's power says)
    task_states: tuple = (None,)  # ...while the task state is one of these
    options: tuple = ()  # the agent task's fixed options, as (name, value) pairs
    in_flight: tuple = ()  # task states a report may find (default: the one the API set)

    @property
    def event(self) -> str:
        """Nova's event name: the compute manager's method, prefixed (wrap_instance_event)."""
        return f"compute_{self.agent}_instance"

    @property
    def expected(self) -> tuple:
        return self.in_flight or (self.task_state,)


OPERATIONS = {
    "stop": Operation("stop", "stop", (V.ACTIVE, V.ERROR), T.POWERING_OFF, V.STOPPED),
    "start": Operation("start", "start", (V.STOPPED,), T.POWERING_ON, V.ACTIVE),
    # Both reboots are the agent's one `reboot`; its report may find either's task states.
    "reboot": Operation("reboot", "reboot", (V.ACTIVE,), T.REBOOTING, V.ACTIVE, options=(("hard", False),),
                        in_flight=SOFT_REBOOT_STATES + HARD_REBOOT_STATES),
    "reboot_hard": Operation("reboot", "reboot", (V.ACTIVE, V.STOPPED, V.PAUSED, V.SUSPENDED, V.ERROR),
                             T.REBOOTING_HARD, V.ACTIVE, task_states=ALLOW_REBOOT, options=(("hard", True),),
                             in_flight=SOFT_REBOOT_STATES + HARD_REBOOT_STATES),
    "pause": Operation("pause", "pause", (V.ACTIVE,), T.PAUSING, V.PAUSED),
    "unpause": Operation("unpause", "unpause", (V.PAUSED,), T.UNPAUSING, V.ACTIVE),
    "suspend": Operation("suspend", "suspend", (V.ACTIVE,), T.SUSPENDING, V.SUSPENDED),
    "resume": Operation("resume", "resume", (V.SUSPENDED,), T.RESUMING, V.ACTIVE),
    "rebuild": Operation("rebuild", "rebuild", (V.ACTIVE, V.STOPPED, V.ERROR), T.REBUILDING, None,
                         in_flight=(T.REBUILDING, T.REBUILD_BLOCK_DEVICE_MAPPING, T.REBUILD_SPAWNING)),
}
# The reports name the agent's operation; both reboots share theirs.
BY_AGENT = {operation.agent: operation for name, operation in OPERATIONS.items() if name != "reboot_hard"}


def done(instance_uuid: str, host: str, operation: str, power_state: int) -> None:
    """The host did it: the vm state the operation ends in, the guest's power state, no task."""
    op = BY_AGENT[operation]
    if owned_instance(instance_uuid, host) is None:
        return
    changes = {"vm_state": op.done or _by_power(power_state), "task_state": None, "power_state": power_state}
    if op.agent == "rebuild":
        changes["launched_at"] = timezone.now()  # Nova stamps a rebuilt server as launched anew
    try:
        states.transition(instance_uuid, expected_task_state=op.expected, **changes)
    except RACES as exc:
        # The host did what was asked, but another writer (a delete, reset-state, a hard reboot
        # over a soft one) moved the row on: theirs is the newer word.
        logger.info("instance %s: %s done on %s, but the instance moved on (%s)", instance_uuid, operation, host, exc)
    record_event(instance_uuid, op.event, finish=True, host=host)
    actions.finish(instance_uuid, current_request_id())


def failed(instance_uuid: str, host: str, operation: str, message: str, details: str = "",
           power_state: int | None = None) -> None:
    """The host could not: no task, the power state it left, a fault; ERROR where Nova errs (rebuild, reboot)."""
    op = BY_AGENT[operation]
    if owned_instance(instance_uuid, host) is None:
        return
    changes = {"task_state": None}
    if power_state is not None:
        changes["power_state"] = power_state
    if op.agent == "rebuild" or (op.agent == "reboot" and power_state != PowerState.RUNNING):
        changes["vm_state"] = V.ERROR  # half rebuilt, or a reboot that left the guest down: Nova's ERROR
    elif op.agent == "reboot":
        changes["vm_state"] = V.ACTIVE  # "Reboot failed but instance is running"
    try:
        states.transition(instance_uuid, expected_task_state=op.expected, **changes)
    except RACES as exc:
        logger.info("instance %s: %s failed on %s after the instance moved on (%s)", instance_uuid, operation,
                    host, exc)
    logger.warning("instance %s: %s failed on %s: %s", instance_uuid, operation, host, message)
    faults.record(instance_uuid, message, code=500, details=details, host=host)
    record_event(instance_uuid, op.event, finish=True, result="Error", traceback=details, host=host)
    actions.finish(instance_uuid, current_request_id())


def _by_power(power_state: int) -> str:
    """A rebuild ends as its guest is: running is ACTIVE, off (a stopped server rebuilt) is STOPPED."""
    return V.ACTIVE if power_state == PowerState.RUNNING else V.STOPPED
