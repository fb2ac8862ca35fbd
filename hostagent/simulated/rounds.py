"""One thread that acts for every simulated host in turn: heartbeats and inventory reports of N hosts.

A thread per host and per duty (what `python -m hostagent` runs for its one host) would be 400
threads for 200 hosts; one round-robin thread per duty keeps the process small and spreads the
messages evenly over the interval instead of sending them in bursts.
"""
import logging
import threading

logger = logging.getLogger(__name__)


class Rounds:
    """Calls `action(item)` for every item once per `interval` seconds, spread across the interval.

    The first round runs back to back, so every host heartbeats and reports its inventory right at
    start-up rather than up to one interval later.
    """

    def __init__(self, name: str, items, action, interval: float):
        self.name, self.items, self.action, self.interval = name, list(items), action, interval
        self._stop = threading.Event()

    def run_round(self, pause: float = 0.0) -> None:
        for item in self.items:
            try:
                self.action(item)
            except Exception:  # the broker or a host may be briefly away; the next round retries
                logger.warning("%s: %r failed; retrying next round", self.name, item, exc_info=True)
            if pause and self._stop.wait(pause):
                return

    def _run(self) -> None:
        self.run_round()
        pause = self.interval / max(len(self.items), 1)
        while self.items and not self._stop.is_set():
            self.run_round(pause)

    def start(self) -> "Rounds":
        logger.info("%s for %d simulated hosts every %ss", self.name, len(self.items), self.interval)
        threading.Thread(target=self._run, name=f"simulated-{self.name}", daemon=True).start()
        return self

    def stop(self) -> None:
        self._stop.set()
