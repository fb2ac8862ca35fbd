"""libvirt's lifecycle events of the host's guests, delivered from an event loop thread of their own.

libvirt dispatches events only to a process that registered an event loop implementation
(`virEventRegisterDefaultImpl`, once, before the connection that subscribes is opened) and keeps
running it (`virEventRunDefaultImpl`). The watcher owns one connection for its subscription, so
its thread never waits on the driver's lock; it reopens the connection when it breaks (keepalive
notices a dead libvirtd) and says so, since events sent meanwhile are lost.
"""
import logging
import threading

import libvirt

from hostagent.virt.libvirt.connection import open_connection

logger = logging.getLogger(__name__)

TICK_MS = 1000  # the loop wakes at least this often to notice stop() and a broken connection
RECONNECT_TICKS = 5
EVENT_NAMES = {libvirt.VIR_DOMAIN_EVENT_DEFINED: "defined", libvirt.VIR_DOMAIN_EVENT_UNDEFINED: "undefined",
               libvirt.VIR_DOMAIN_EVENT_STARTED: "started", libvirt.VIR_DOMAIN_EVENT_SUSPENDED: "suspended",
               libvirt.VIR_DOMAIN_EVENT_RESUMED: "resumed", libvirt.VIR_DOMAIN_EVENT_STOPPED: "stopped",
               libvirt.VIR_DOMAIN_EVENT_SHUTDOWN: "shutdown", libvirt.VIR_DOMAIN_EVENT_PMSUSPENDED: "pmsuspended",
               libvirt.VIR_DOMAIN_EVENT_CRASHED: "crashed"}

_loop_guard = threading.Lock()
_loop_registered = False


def register_event_loop() -> None:
    """Register libvirt's default event loop implementation, once per process."""
    global _loop_registered
    with _loop_guard:
        if not _loop_registered:
            libvirt.virEventRegisterDefaultImpl()
            _loop_registered = True


class LifecycleEvents:
    """Calls `on_event(instance_uuid, event_name)` for every lifecycle event of an instance's domain,
    and `on_reconnect()` after each (re)subscription; both from the watcher's thread, so they must be quick."""

    def __init__(self, uri: str, on_event, on_reconnect=None):
        self.uri, self.on_event, self.on_reconnect = uri, on_event, on_reconnect
        self._connection = None
        self._callback_id = None
        self._broken = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="libvirt-events", daemon=True)

    def start(self) -> "LifecycleEvents":
        register_event_loop()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        libvirt.virEventAddTimeout(TICK_MS, lambda _timer, _opaque: None, None)
        ticks = RECONNECT_TICKS  # subscribe at once
        while not self._stop.is_set():
            if self._connection is None or self._broken.is_set():
                ticks += 1
                if ticks >= RECONNECT_TICKS:
                    ticks = 0
                    self._subscribe()
            libvirt.virEventRunDefaultImpl()
        self._unsubscribe()

    def _subscribe(self) -> None:
        self._unsubscribe()
        try:
            connection = open_connection(self.uri)
            connection.registerCloseCallback(lambda _conn, reason, _opaque: self._broken.set(), None)
            if not self.uri.startswith("test:"):  # the test driver has no keepalive
                connection.setKeepAlive(5, 3)
            self._callback_id = connection.domainEventRegisterAny(
                None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, self._deliver, None)
        except libvirt.libvirtError as exc:
            logger.warning("cannot subscribe to lifecycle events at %s (%s); retrying", self.uri, exc)
            return
        self._connection = connection
        self._broken.clear()
        logger.info("watching lifecycle events of the guests at %s", self.uri)
        if self.on_reconnect is not None:
            self.on_reconnect()

    def _unsubscribe(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if self._callback_id is not None:
                connection.domainEventDeregisterAny(self._callback_id)
            connection.close()
        except libvirt.libvirtError:  # already broken: nothing left to release
            pass
        self._callback_id = None

    def _deliver(self, _connection, domain, event, detail, _opaque) -> None:
        try:
            if domain.name().startswith("instance-"):
                self.on_event(domain.UUIDString(), EVENT_NAMES.get(event, str(event)))
        except Exception:  # an exception must never reach libvirt's dispatcher
            logger.warning("lifecycle event %s/%s could not be handled", event, detail, exc_info=True)
