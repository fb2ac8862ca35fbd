"""Periodic heartbeats sent through the conductor; used by every process, with or without Django."""
import logging
import threading

logger = logging.getLogger(__name__)

HEARTBEAT_TASK = "conductor.service_heartbeat"


class Heartbeat:
    """Sends `conductor.service_heartbeat` every `interval` seconds from a daemon thread.

    Each message expires after one interval: a conductor that was away must not read a backlog of
    old heartbeats as proof that the service is alive now.
    """

    def __init__(self, app, host: str, binary: str, interval: int):
        self.app, self.host, self.binary, self.interval = app, host, binary, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{binary}", daemon=True)

    def beat(self) -> None:
        self.app.send_task(
            HEARTBEAT_TASK,
            kwargs={"host": self.host, "binary": self.binary},
            expires=self.interval,
            ignore_result=True,
        )

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.beat()
            except Exception:  # the broker may be briefly away; the next beat retries
                logger.warning("heartbeat of %s on %s could not be sent", self.binary, self.host, exc_info=True)
            self._stop.wait(self.interval)

    def start(self) -> "Heartbeat":
        logger.info("%s on %s heartbeats every %ss", self.binary, self.host, self.interval)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
