"""Error bodies in each upstream API's own shape, for DRF exceptions and Django's fallbacks."""
import logging
from http import HTTPStatus

from django.http import JsonResponse
from rest_framework.views import exception_handler as drf_exception_handler

from openstack_api.request_id import current_request_id

logger = logging.getLogger(__name__)

# Nova's names for fault bodies by HTTP status; anything else is a computeFault.
NOVA_FAULT_NAMES = {
    400: "badRequest",
    401: "unauthorized",
    403: "forbidden",
    404: "itemNotFound",
    405: "badMethod",
    409: "conflictingRequest",
    413: "overLimit",
    415: "badMediaType",
    429: "overLimit",
    501: "notImplemented",
    503: "serviceUnavailable",
}
UNEXPECTED_ERROR = (
    "Unexpected API Error. Please report this at the Xloud Compute issue tracker "
    "and attach the service logs with the request id if possible."
)


def nova_error_body(status: int, message: str) -> dict:
    return {NOVA_FAULT_NAMES.get(status, "computeFault"): {"code": status, "message": message}}


def placement_error_body(status: int, detail: str, code: str = "placement.undefined_code") -> dict:
    return {
        "errors": [
            {
                "status": status,
                "title": HTTPStatus(status).phrase,
                "detail": detail,
                "code": code,
                "request_id": current_request_id(),
            }
        ]
    }


def glance_error_body(status: int, message: str) -> dict:
    """Glance's errors are webob's JSON rendering: `code` is the status line, `title` its phrase."""
    phrase = HTTPStatus(status).phrase
    return {"code": f"{status} {phrase}", "title": phrase, "message": message}


# Neutron names an error by its exception class; DRF's own errors get webob's names, as Neutron's do.
NEUTRON_TYPES = {400: "HTTPBadRequest", 401: "HTTPUnauthorized", 403: "PolicyNotAuthorized", 404: "HTTPNotFound",
                 405: "HTTPMethodNotAllowed", 406: "HTTPNotAcceptable", 409: "HTTPConflict",
                 413: "HTTPRequestEntityTooLarge", 415: "HTTPUnsupportedMediaType", 503: "HTTPServiceUnavailable"}


def neutron_error_body(status: int, message: str, error_type: str | None = None) -> dict:
    return {"NeutronError": {"type": error_type or NEUTRON_TYPES.get(status, "HTTPInternalServerError"),
                             "message": message, "detail": ""}}


def keystone_error_body(status: int, message: str) -> dict:
    """Keystone's errors: `{"error": {"code", "title", "message"}}`, the title the status phrase."""
    return {"error": {"code": status, "title": HTTPStatus(status).phrase, "message": message}}


def message_of(detail) -> str:
    """Flatten DRF's error detail (string, list or dict) into one sentence."""
    if isinstance(detail, dict):
        return "; ".join(f"{key}: {message_of(value)}" for key, value in detail.items())
    if isinstance(detail, list):
        return " ".join(message_of(item) for item in detail)
    return str(detail)


def _handle(exc, context, render):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unexpected: Django's 500 handler answers, after logging the traceback
    response.data = render(response.status_code, message_of(response.data.get("detail", response.data)))
    return response


def nova_exception_handler(exc, context):
    return _handle(exc, context, nova_error_body)


def glance_exception_handler(exc, context):
    return _handle(exc, context, glance_error_body)


def neutron_exception_handler(exc, context):
    error_type = getattr(exc, "neutron_type", None)
    return _handle(exc, context, lambda status, message: neutron_error_body(status, message, error_type))


def keystone_exception_handler(exc, context):
    return _handle(exc, context, keystone_error_body)


def placement_exception_handler(exc, context):
    code = getattr(exc, "placement_code", "placement.undefined_code")
    version = getattr(context.get("request"), "version", None)
    # Error bodies carry `code` from microversion 1.23 (version is unset when negotiation failed).
    with_code = not hasattr(version, "major") or version >= "1.23"

    def render(status, message):
        body = placement_error_body(status, message, code)
        if not with_code:
            del body["errors"][0]["code"]
        return body

    return _handle(exc, context, render)


def _render_for_service(request, status, message):
    from django.conf import settings

    if settings.XCOMPUTE_API_SERVICE == "placement":
        return JsonResponse(placement_error_body(status, message), status=status)
    if settings.XCOMPUTE_API_SERVICE == "image":
        return JsonResponse(glance_error_body(status, message), status=status)
    if settings.XCOMPUTE_API_SERVICE == "network":
        return JsonResponse(neutron_error_body(status, message), status=status)
    if settings.XCOMPUTE_API_SERVICE == "identity":
        return JsonResponse(keystone_error_body(status, message), status=status)
    return JsonResponse(nova_error_body(status, message), status=status)


def not_found(request, exception=None):
    """Django's handler404 for URLs no view matches."""
    return _render_for_service(request, 404, "The resource could not be found.")


def server_error(request):
    """Django's handler500: never an HTML page, never a traceback to the client."""
    return _render_for_service(request, 500, UNEXPECTED_ERROR)
