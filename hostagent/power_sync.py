"""The agent's half of the power-state sync: what its guests' power states are, told to the conductor.

Two sources, both only reporting (the conductor decides, as Nova's `_sync_instance_power_state`):
- libvirt lifecycle events (`XCOMPUTE_HANDLE_VIRT_LIFECYCLE_EVENTS`): each event makes the agent
  re-read that guest's state (an event may be late; the state now is what counts) and report it
  only when it differs from what it last reported, so a burst of events costs at most one message;
- a periodic reconciliation every `XCOMPUTE_SYNC_POWER_STATE_INTERVAL` seconds (Nova's
  `sync_power_state_interval`; negative disables it): one message per host with every guest's
  state, which also tells the conductor which instances have no guest here any more.

Each report carries when the host looked (`observed_at`), so the conductor ignores a report older
than the instance's last change. The conductor may ask the agent to power a guest off
(`compute.sync_power_off`), which the agent does and reports back.
"""
import logging
import queue
import threading
import time

from hostagent.virt.exceptions import InstanceNotFound, VirtError
from hostagent.virt.types import NOSTATE

logger = logging.getLogger(__name__)

SYNC_HOST = "conductor.sync_power_states"
SYNC_INSTANCE = "conductor.sync_instance_power_state"
POWER_OFF = "compute.sync_power_off"
POWERED_OFF = "conductor.sync_power_off_done"


class PowerStateSync:
    """Reports one host's guests' power states: on lifecycle events, and every `interval` seconds."""

    def __init__(self, app, driver, host: str, interval: int, events_uri: str | None = None):
        self.app, self.driver, self.host, self.interval = app, driver, host, interval
        self.events_uri = events_uri
        self.last: dict[str, int] = {}  # what the conductor was last told, per instance
        self._last_guard = threading.Lock()
        self._events: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._watcher = None

    def report_all(self) -> dict[str, int]:
        """Send every guest's power state (the periodic reconciliation); the states sent."""
        states = self.driver.power_states()
        self.app.send_task(SYNC_HOST, kwargs={"host": self.host, "states": states, "observed_at": time.time()},
                           expires=self.interval if self.interval > 0 else None, ignore_result=True)
        with self._last_guard:
            self.last = dict(states)
        logger.debug("power states of %d guests on %s reported", len(states), self.host)
        return states

    def report_if_changed(self, instance_uuid: str) -> bool:
        """Send one guest's power state if it differs from the last one sent; True when sent."""
        try:
            state = self.driver.power_state(instance_uuid)
        except InstanceNotFound:
            state = NOSTATE  # the domain is gone (undefined)
        with self._last_guard:
            if self.last.get(instance_uuid) == state:
                return False
            self.last[instance_uuid] = state
        self.app.send_task(SYNC_INSTANCE, kwargs={"host": self.host, "instance_uuid": instance_uuid,
                                                  "power_state": state, "observed_at": time.time()},
                           ignore_result=True)
        logger.info("instance %s on %s is now in power state %s", instance_uuid, self.host, state)
        return True

    def on_event(self, instance_uuid: str, event: str) -> None:
        """From the event thread: queue the guest for a look (reading libvirt there would stall the loop)."""
        logger.debug("lifecycle event %s of instance %s", event, instance_uuid)
        self._events.put(instance_uuid)

    def _handle_events(self) -> None:
        while not self._stop.is_set():
            try:
                instance_uuid = self._events.get(timeout=1)
            except queue.Empty:
                continue
            try:
                self.report_if_changed(instance_uuid)
            except Exception:  # libvirt or the broker briefly away: the periodic sync catches up
                logger.warning("power state of %s could not be reported", instance_uuid, exc_info=True)

    def _periodic(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.report_all()
            except Exception:  # libvirt or the broker briefly away: the next round retries
                logger.warning("power-state sync of %s failed; retrying in %ss", self.host, self.interval,
                               exc_info=True)

    def start(self) -> "PowerStateSync":
        if self.interval > 0:
            threading.Thread(target=self._periodic, name="power-sync", daemon=True).start()
        if self.events_uri:
            from hostagent.virt.libvirt.events import LifecycleEvents

            threading.Thread(target=self._handle_events, name="power-sync-events", daemon=True).start()
            # Events sent while unsubscribed are lost: after each (re)subscription, one full report.
            self._watcher = LifecycleEvents(self.events_uri, self.on_event, on_reconnect=self._resync).start()
        logger.info("power-state sync of %s: %s, lifecycle events %s", self.host,
                    f"every {self.interval}s" if self.interval > 0 else "no periodic reports",
                    "on" if self.events_uri else "off")
        return self

    def _resync(self) -> None:
        threading.Thread(target=self._safe_report_all, name="power-sync-resync", daemon=True).start()

    def _safe_report_all(self) -> None:
        try:
            self.report_all()
        except Exception:
            logger.warning("power-state report of %s failed", self.host, exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.stop()


def register(app, *, driver) -> None:
    """The agent's task for the conductor's power-off of a guest that should be off (Nova's force_stop)."""

    @app.task(name=POWER_OFF, ignore_result=True, shared=False)
    def sync_power_off(host: str, instance_uuid: str) -> None:  # `host` routes it (hostagent.queues)
        try:
            state, error = driver.force_power_off(instance_uuid), ""
        except InstanceNotFound:
            state, error = NOSTATE, ""
        except VirtError as exc:
            logger.warning("power-off of %s on %s failed: %s", instance_uuid, host, exc)
            state, error = None, str(exc)
        app.send_task(POWERED_OFF, kwargs={"host": host, "instance_uuid": instance_uuid, "power_state": state,
                                           "error": error})
