"""Run a Celery worker as one named service of the registry, heartbeating while it consumes."""
import logging

from celery import signals

from hostagent.heartbeat import Heartbeat
from xcompute_site.env import report_interval

logger = logging.getLogger(__name__)


def run_worker(app, *, host: str, binary: str, queue: str, concurrency: int, pool: str = "prefork",
               companions=()) -> None:
    """Consume `queue` as `binary` on `host`; `companions` (objects with start/stop) run beside it."""
    companions = [Heartbeat(app, host, binary, report_interval()), *companions]

    @signals.worker_ready.connect(weak=False)
    def _start_companions(**_):
        for companion in companions:
            companion.start()

    @signals.worker_shutting_down.connect(weak=False)
    def _stop_companions(**_):
        for companion in companions:
            companion.stop()

    app.worker_main(
        [
            "worker",
            "--queues", queue,
            "--hostname", f"{binary}@{host}",
            "--concurrency", str(concurrency),
            "--pool", pool,
            "--loglevel", "INFO",
            "--without-gossip",
            "--without-mingle",
        ]
    )
