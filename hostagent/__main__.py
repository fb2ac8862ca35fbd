"""`python -m hostagent`: the nova-compute agent of this host, run without Django or a database."""
import logging
import os

from hostagent import isolation


def main() -> None:
    isolation.install()
    from celery import Celery

    from hostagent.queues import compute_queue
    from hostagent.virt.libvirt.connection import choose_uri, open_connection
    from openstack_api import request_id
    from xcompute_site.celery_config import celery_config
    from xcompute_site.env import env, host_name
    from xcompute_site.worker import run_worker

    handler = logging.StreamHandler()
    handler.addFilter(request_id.RequestIdLogFilter())
    logging.basicConfig(level=env.str("XCOMPUTE_LOG_LEVEL", default="INFO"), handlers=[handler],
                        format="%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
    request_id.connect_celery()
    host = host_name()
    # Fail at start-up, not at the first build, when the hypervisor cannot be reached.
    open_connection(choose_uri(env.str("XCOMPUTE_LIBVIRT_URI", default="auto"))).close()
    app = Celery("hostagent")
    app.conf.update(celery_config())
    run_worker(
        app,
        host=host,
        binary="nova-compute",
        queue=compute_queue(host),
        concurrency=env.int("XCOMPUTE_AGENT_CONCURRENCY", default=2),
        pool="threads",
    )


if __name__ == "__main__":
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    main()
