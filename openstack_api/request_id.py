"""Request ids: one per API request, returned in headers and stamped on every log line."""
import contextvars
import logging
import uuid

from django.conf import settings

_current = contextvars.ContextVar("xcompute_request_id", default="-")

# Headers each API returns the request id in, as its upstream counterpart does.
RESPONSE_HEADERS = {
    "compute": ("x-openstack-request-id", "x-compute-request-id"),
    "placement": ("x-openstack-request-id",),
}


def new_request_id() -> str:
    return f"req-{uuid.uuid4()}"


def current_request_id() -> str:
    return _current.get()


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
