"""Gunicorn settings of the API services; the master heartbeats as nova-api or placement-api."""
from xcompute_site.env import env, report_interval

API_BINARIES = {"compute": "nova-api", "placement": "placement-api"}

workers = env.int("XCOMPUTE_API_WORKERS", default=2)
worker_class = "gthread"
threads = env.int("XCOMPUTE_API_THREADS", default=4)
timeout = 60
accesslog = "-"
# The default control socket is one path per user: two APIs on a node would fight over it.
control_socket_disable = True
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss %({x-openstack-request-id}o)s'


def when_ready(server):
    from django.conf import settings

    from hostagent.heartbeat import Heartbeat
    from xcompute_site.celery import app

    binary = API_BINARIES[settings.XCOMPUTE_API_SERVICE]
    server.xcompute_heartbeat = Heartbeat(app, settings.XCOMPUTE_HOST, binary, report_interval()).start()
