"""Gunicorn settings of the API services; the master heartbeats as nova-api or placement-api.

The image API (glance-api) is no Nova service, so it sends no heartbeat: its health is its
`/healthcheck` URL, as Glance's is.
"""
from xcompute_site.env import env, report_interval

API_BINARIES = {"compute": "nova-api", "placement": "placement-api"}

workers = env.int("XCOMPUTE_API_WORKERS", default=2)
worker_class = "gthread"
threads = env.int("XCOMPUTE_API_THREADS", default=4)
timeout = 60
# Clients (and load balancers) reuse connections; a short idle close races their next request.
keepalive = env.int("XCOMPUTE_API_KEEPALIVE", default=75)
accesslog = "-"
# The default control socket is one path per user: two APIs on a node would fight over it.
control_socket_disable = True
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss %({x-openstack-request-id}o)s'


def when_ready(server):
    """Heartbeat from the master, on a Celery app of its own that the forked workers never touch.

    The first beat is sent before the thread starts and before any worker forks, so every module
    it needs is fully imported: a fork during an import would leave workers a half-made module.
    """
    binary = API_BINARIES.get(env.str("XCOMPUTE_API_SERVICE", default="compute"))
    if binary is None:
        server.log.info("no heartbeat: this API is not part of the compute service registry")
        return

    from celery import Celery

    from hostagent.heartbeat import Heartbeat
    from xcompute_site.celery_config import celery_config
    from xcompute_site.env import host_name

    app = Celery("api-heartbeat")
    app.conf.update(celery_config())
    heartbeat = Heartbeat(app, host_name(), binary, report_interval())
    try:
        heartbeat.beat()
    except Exception:  # the broker may not be up yet; the thread keeps trying
        server.log.warning("first heartbeat could not be sent; retrying every %ss", report_interval())
    server.xcompute_heartbeat = heartbeat.start()
