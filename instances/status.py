"""Nova's server `status` (what clients see) from vm_state and task_state, and back for list filters."""
from instances.choices import TaskState as T
from instances.choices import VmState as V

DEFAULT = "default"
_RESIZE = {T.RESIZE_PREP: "RESIZE", T.RESIZE_MIGRATING: "RESIZE", T.RESIZE_MIGRATED: "RESIZE",
           T.RESIZE_FINISH: "RESIZE"}
_REBUILD = {T.REBUILDING: "REBUILD", T.REBUILD_BLOCK_DEVICE_MAPPING: "REBUILD", T.REBUILD_SPAWNING: "REBUILD"}

# Nova's _STATE_MAP: per vm_state, the status of each task state, or the default one.
STATE_MAP = {
    V.ACTIVE: {DEFAULT: "ACTIVE", T.REBOOTING: "REBOOT", T.REBOOT_PENDING: "REBOOT", T.REBOOT_STARTED: "REBOOT",
               T.REBOOTING_HARD: "HARD_REBOOT", T.REBOOT_PENDING_HARD: "HARD_REBOOT",
               T.REBOOT_STARTED_HARD: "HARD_REBOOT", T.UPDATING_PASSWORD: "PASSWORD", T.MIGRATING: "MIGRATING",
               **_REBUILD, **_RESIZE},
    V.BUILDING: {DEFAULT: "BUILD"},
    V.STOPPED: {DEFAULT: "SHUTOFF", **_RESIZE, **_REBUILD},
    V.RESIZED: {DEFAULT: "VERIFY_RESIZE", T.RESIZE_REVERTING: "REVERT_RESIZE"},
    V.PAUSED: {DEFAULT: "PAUSED", T.MIGRATING: "MIGRATING"},
    V.SUSPENDED: {DEFAULT: "SUSPENDED"},
    V.RESCUED: {DEFAULT: "RESCUE"},
    V.ERROR: {DEFAULT: "ERROR", **_REBUILD},
    V.DELETED: {DEFAULT: "DELETED"},
    V.SOFT_DELETED: {DEFAULT: "SOFT_DELETED"},
    V.SHELVED: {DEFAULT: "SHELVED"},
    V.SHELVED_OFFLOADED: {DEFAULT: "SHELVED_OFFLOADED"},
}
# Statuses whose bodies carry `fault` and `progress`.
FAULT_STATUSES = ("ERROR", "DELETED")
PROGRESS_STATUSES = ("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING")


def status_of(vm_state: str, task_state: str | None) -> str:
    task_map = STATE_MAP.get(vm_state, {DEFAULT: "UNKNOWN"})
    return task_map.get(task_state, task_map[DEFAULT])


def states_of(statuses) -> tuple[set[str], set[str]]:
    """The vm states and task states (DEFAULT meaning any) that show as any of `statuses`."""
    wanted = {status.lower() for status in statuses}
    vm_states, task_states = set(), set()
    for vm_state, task_map in STATE_MAP.items():
        for task_state, status in task_map.items():
            if status.lower() in wanted:
                vm_states.add(str(vm_state))
                task_states.add(str(task_state))
    return vm_states, task_states
