"""Request ids: one per API request, returned in headers and stamped on every log line.

The id also travels with every Celery task a request causes (as a message header), so the
conductor's, scheduler's and agents' log lines about that request carry it too.
"""
import contextvars
import logging
import uuid

from celery import signals
from django.conf import settings

_current = contextvars.ContextVar("xcompute_request_id", default="-")
TASK_HEADER = "xcompute_request_id"

# Headers each API returns the request id in, as its upstream counterpart does.
RESPONSE_HEADERS = {
    "compute": ("x-openstack-request-id", "x-compute-request-id"),
    "placement": ("x-openstack-request-id",),
    "image": ("x-openstack-request-id",),
    "network": ("x-openstack-request-id",),
    "identity": ("x-openstack-request-id",),
}


def new_request_id() -> str:
    return f"req-{uuid.uuid4()}"


def current_request_id() -> str:
    return _current.get()


def bind(request_id: str) -> None:
    """Make `request_id` the current one (a process or thread that serves one connection, outside Django)."""
    _current.set(request_id)


class RequestIdMiddleware:
    """Give every request an id before anything else runs, so errors carry it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id()
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        for header in RESPONSE_HEADERS.get(settings.XCOMPUTE_API_SERVICE, RESPONSE_HEADERS["compute"]):
            response[header] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to log records so the format can print it on every line."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True


def stamp_task(headers=None, **_):
    """before_task_publish: send the current request id along with the task."""
    if headers is not None and _current.get() != "-":
        headers.setdefault(TASK_HEADER, _current.get())


def adopt_task(task=None, **_):
    """task_prerun: log the task's lines under the request id it was sent with."""
    custom = task.request.headers or {}
    _current.set(custom.get(TASK_HEADER) or getattr(task.request, TASK_HEADER, None) or "-")


def forget_task(**_):
    _current.set("-")


def connect_celery() -> None:
    """Propagate request ids through Celery in this process (senders and workers alike)."""
    signals.before_task_publish.connect(stamp_task, weak=False, dispatch_uid="xcompute-stamp-request-id")
    signals.task_prerun.connect(adopt_task, weak=False, dispatch_uid="xcompute-adopt-request-id")
    signals.task_postrun.connect(forget_task, weak=False, dispatch_uid="xcompute-forget-request-id")
