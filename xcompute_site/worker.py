"""Run a Celery worker as a service of the registry, with companions (heartbeats, reporters) beside it."""
import logging

from celery import signals

from hostagent.heartbeat import Heartbeat
from xcompute_site.env import report_interval

logger = logging.getLogger(__name__)


def run_worker(app, *, host: str, binary: str, queue: str, concurrency: int, pool: str = "prefork",
               companions=()) -> None:
    """Consume `queue` as `binary` on `host`, heartbeating as that service; `companions` run beside it."""
    serve(app, queues=[queue], name=f"{binary}@{host}", concurrency=concurrency, pool=pool,
          companions=[Heartbeat(app, host, binary, report_interval()), *companions])


def serve(app, *, queues: list[str], name: str, concurrency: int, pool: str, companions=()) -> None:
    """Consume `queues` until stopped; `companions` (objects with start/stop) run while the worker is ready."""

    @signals.worker_ready.connect(weak=False)
    def _start_companions(**_):
        for companion in companions:
            companion.start()

    @signals.worker_shutting_down.connect(weak=False)
    def _stop_companions(**_):
        for companion in companions:
            companion.stop()

    app.worker_main([
        "worker",
        "--queues", ",".join(queues),
        "--hostname", name,
        "--concurrency", str(concurrency),
        "--pool", pool,
        "--loglevel", "INFO",
        "--without-gossip",
        "--without-mingle",
    ])
