"""The conductor's half of the power-state sync: Nova's rules for a database and a hypervisor that disagree.

Hosts report what their guests' power states are (`hostagent.power_sync`); this module decides,
as Nova's `ComputeManager._sync_instance_power_state` does:
- an instance with a task under way, or owned by another host, is left alone (the task will set
  the state); so is a report older than the instance's last change;
- the power state is always taken from the hypervisor;
- `active` and the guest is off (shut down or crashed): Nova calls the stop API; the guest is
  already off, so the instance is recorded `stopped` at once, with a `stop` action as Nova's has;
- `active` and the guest is PM-suspended: stopped the same way, but the host powers the guest off first;
- `active` and no guest (NOSTATE): Nova logs and ignores it; here the power state says so and a
  fault records when and where the guest vanished;
- `active` and paused: ignored (something outside may pause a guest for a moment);
- `stopped` and the guest runs (or is paused or suspended): the host powers it off again;
- `paused` and the guest is off: stopped;
- `building`, `rescued`, `resized`, `suspended`, `error`: only the power state is recorded;
- `deleted`/`soft-delete` and the guest still runs: logged (the guest is not ours to keep).
"""
import logging
import types
from dataclasses import dataclass

from django.utils import timezone

from instances import actions, faults, states
from instances.choices import PowerState, TaskState, VmState
from instances.exceptions import InstanceNotFound, InvalidTransition, UnexpectedTaskState
from instances.models import Instance
from openstack_api.request_id import TASK_HEADER, current_request_id, new_request_id
from xcompute_site.celery import app

logger = logging.getLogger(__name__)

POWER_OFF = "compute.sync_power_off"
STOP_ACTION = "stop"  # Nova's instance_actions.STOP
STOP_EVENT = "compute_stop_instance"
RACES = (UnexpectedTaskState, InstanceNotFound, InvalidTransition)
OFF = (PowerState.SHUTDOWN, PowerState.CRASHED)
COLUMNS = ("uuid", "host", "vm_state", "task_state", "power_state", "updated_at")


@dataclass(frozen=True)
class Decision:
    """What to do about one instance: record the power state, and maybe `stop` it or `power_off` its guest."""

    action: str | None = None  # None, "stop", "power_off" or "vanished"
    warning: str = ""


ACTIVE_RULES = {
    PowerState.SHUTDOWN: Decision("stop", "Instance shutdown by itself. Recording it stopped."),
    PowerState.CRASHED: Decision("stop", "Instance shutdown by itself. Recording it stopped."),
    PowerState.SUSPENDED: Decision("power_off", "Instance is suspended unexpectedly. Powering it off."),
    PowerState.PAUSED: Decision(None, "Instance is paused unexpectedly. Ignore."),
    PowerState.NOSTATE: Decision("vanished", "Instance is unexpectedly not found. Ignore."),
}


def decide(vm_state: str, vm_power_state: int) -> Decision:
    """Nova's rules for an instance without a task (see the module docstring); a pure function."""
    if vm_state == VmState.ACTIVE:
        return ACTIVE_RULES.get(vm_power_state, Decision())
    if vm_state == VmState.STOPPED and vm_power_state not in (PowerState.NOSTATE, *OFF):
        return Decision("power_off", "Instance is not stopped. Powering it off.")
    if vm_state == VmState.PAUSED and vm_power_state in OFF:
        return Decision("stop", "Paused instance shutdown by itself. Recording it stopped.")
    if vm_state in (VmState.SOFT_DELETED, VmState.DELETED) and vm_power_state not in (PowerState.NOSTATE,
                                                                                       PowerState.SHUTDOWN):
        return Decision(None, "Instance is not (soft-)deleted.")
    return Decision()


def sync_host(host: str, power_states: dict, observed_at: float) -> None:
    """A host's periodic report: every instance it owns, those without a guest there as NOSTATE."""
    rows = list(Instance.objects.filter(host=host).exclude(vm_state=VmState.DELETED).values(*COLUMNS))
    owned = {str(row["uuid"]) for row in rows}
    if len(owned) != len(power_states) or owned != set(power_states):
        logger.info("while synchronizing power states of %s, found %d instances in the database and %d guests "
                    "on the hypervisor", host, len(owned), len(power_states))
    for row in rows:
        _sync(row, host, int(power_states.get(str(row["uuid"]), PowerState.NOSTATE)), observed_at)


def sync_instance(instance_uuid: str, host: str, power_state: int, observed_at: float) -> None:
    """A lifecycle event's report about one guest."""
    row = Instance.objects.filter(uuid=instance_uuid).values(*COLUMNS).first()
    if row is None or row["vm_state"] == VmState.DELETED:
        return
    if row["host"] != host:
        logger.info("instance %s: power state %s from %s, which does not own it; ignored", instance_uuid,
                    power_state, host)
        return
    _sync(row, host, int(power_state), observed_at)


def _sync(row: dict, host: str, vm_power_state: int, observed_at: float) -> None:
    uuid = str(row["uuid"])
    if row["task_state"] is not None:
        logger.debug("instance %s: power state sync skipped, task %s under way", uuid, row["task_state"])
        return
    if row["updated_at"] and row["updated_at"].timestamp() > observed_at:
        logger.info("instance %s changed after %s looked at its guest; report ignored", uuid, host)
        return
    decision = decide(row["vm_state"], vm_power_state)
    if decision.warning and (decision.action or vm_power_state != row["power_state"]):
        logger.warning("instance %s on %s (vm_state %s, power_state %s -> %s): %s", uuid, host, row["vm_state"],
                       row["power_state"], vm_power_state, decision.warning)
    try:
        if decision.action == "stop":
            _record_stopped(uuid, host, row["vm_state"], vm_power_state)
        elif decision.action == "power_off":
            _power_off(uuid, host, row["vm_state"], vm_power_state)
        elif vm_power_state != row["power_state"]:
            states.transition(uuid, expected_task_state=None, expected_vm_state=row["vm_state"],
                              power_state=vm_power_state)
            if decision.action == "vanished":
                faults.record(uuid, f"Instance {uuid} is unexpectedly not found on host {host}", code=500,
                              details=f"The hypervisor of {host} has no guest for the {row['vm_state']} instance "
                                      f"(power state recorded NOSTATE at {timezone.now().isoformat()}).", host=host)
    except RACES:
        logger.info("instance %s changed while its power state was synchronized; the next sync looks again", uuid)


def _start_stop_action(uuid: str, host: str) -> str:
    """A `stop` action of the system (no user, as Nova's periodic task has none); its request id."""
    context = types.SimpleNamespace(user_id=None, project_id=None, request_id=new_request_id())
    action = actions.start(Instance.objects.get(uuid=uuid), STOP_ACTION, context)
    actions.event_start(uuid, action.request_id, STOP_EVENT, host)
    return action.request_id


def _record_stopped(uuid: str, host: str, vm_state: str, vm_power_state: int) -> None:
    states.transition(uuid, expected_task_state=None, expected_vm_state=vm_state, vm_state=VmState.STOPPED,
                      power_state=vm_power_state)
    request_id = _start_stop_action(uuid, host)
    actions.event_finish(uuid, request_id, STOP_EVENT, host=host)
    actions.finish(uuid, request_id)


def _power_off(uuid: str, host: str, vm_state: str, vm_power_state: int) -> None:
    """Mark the instance powering-off (so no user action races it) and have its host turn the guest off."""
    states.transition(uuid, expected_task_state=None, expected_vm_state=vm_state,
                      task_state=TaskState.POWERING_OFF, power_state=vm_power_state)
    request_id = _start_stop_action(uuid, host)
    app.send_task(POWER_OFF, kwargs={"host": host, "instance_uuid": uuid}, headers={TASK_HEADER: request_id})


def powered_off(instance_uuid: str, host: str, power_state: int | None, error: str = "") -> None:
    """The host turned the guest off (or could not): the instance is stopped, or back to no task."""
    request_id = current_request_id()
    if error:
        changes = {"task_state": None}
    else:
        changes = {"vm_state": VmState.STOPPED, "task_state": None, "power_state": power_state}
    try:
        states.transition(instance_uuid, expected_task_state=TaskState.POWERING_OFF, **changes)
    except RACES:
        logger.info("instance %s: powered off on %s but no longer powering off", instance_uuid, host)
        return
    try:
        actions.event_finish(instance_uuid, request_id, STOP_EVENT, result="Error" if error else "Success",
                             traceback=error or None, host=host)
        actions.finish(instance_uuid, request_id)
    except Exception:  # the action is bookkeeping; the state above is what matters
        logger.info("no stop action of %s to close under %s", instance_uuid, request_id)
