"""Base API views: one per upstream API, carrying its versioning, error shape and headers."""
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.views import APIView

from openstack_api import errors, microversions
from openstack_api.validation import reject_nul


def healthcheck(request):
    """oslo.middleware's healthcheck: 200 `OK` while the process serves requests."""
    return HttpResponse("OK", content_type="text/plain")


class OpenStackAPIView(APIView):
    versioning_class = microversions.ComputeVersioning

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        for name, values in request.query_params.lists():
            reject_nul(name, "query parameter")
            reject_nul(values, f"query parameter {name}")
        reject_nul(kwargs, "URL")

    def get_exception_handler(self):
        return errors.nova_exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(getattr(request, "version", None), microversions.APIVersion):
            for header, value in microversions.response_headers(request.version, self.versioning_class.api).items():
                response[header] = value
        return response

    @property
    def context(self):
        """The caller's RequestContext (DRF's `request.user`)."""
        return self.request.user

    @property
    def root_url(self) -> str:
        """The API root as the client reached it (`http://host:8774`), for self and bookmark links."""
        return self.request.build_absolute_uri("/").rstrip("/")


class ComputeAPIView(OpenStackAPIView):
    versioning_class = microversions.ComputeVersioning


class AnyAcceptNegotiation(DefaultContentNegotiation):
    """Answer JSON whatever `Accept` says: Glance does, and openstacksdk sends `Accept:` empty."""

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        return renderer, renderer.media_type


class ImageAPIView(OpenStackAPIView):
    """Glance v2: no microversions, webob-shaped errors, JSON whatever the client accepts."""

    versioning_class = None
    content_negotiation_class = AnyAcceptNegotiation

    def get_exception_handler(self):
        return errors.glance_exception_handler


class NetworkAPIView(OpenStackAPIView):
    """Neutron v2.0: no microversions, `NeutronError` bodies, JSON whatever the client accepts."""

    versioning_class = None
    content_negotiation_class = AnyAcceptNegotiation

    def get_exception_handler(self):
        return errors.neutron_exception_handler


class IdentityAPIView(OpenStackAPIView):
    """Keystone v3: no microversions, `{"error": {...}}` bodies, JSON whatever the client accepts."""

    versioning_class = None
    content_negotiation_class = AnyAcceptNegotiation

    def get_exception_handler(self):
        return errors.keystone_exception_handler

    def get_authenticate_header(self, request):
        # A 401 stays a 401 on views that take no token (POST /v3/auth/tokens), as Keystone's does.
        return super().get_authenticate_header(request) or 'Keystone uri="/v3"'

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated("The request you have made requires authentication.")
        super().permission_denied(request, message, code)


class PlacementAPIView(OpenStackAPIView):
    """From 1.15 successful GETs carry Last-Modified and Cache-Control: no-cache.

    A view sets `self.last_modified` to the newest `updated_at` of what it returns; without one
    the response time is used, as upstream does for computed documents.
    """

    versioning_class = microversions.PlacementVersioning
    last_modified = None

    def get_exception_handler(self):
        return errors.placement_exception_handler

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        version = getattr(request, "version", None)
        if request.method == "GET" and response.status_code == 200 and isinstance(version, microversions.APIVersion):
            for header, value in cache_headers(version, self.last_modified).items():
                response[header] = value
        return response


def cache_headers(version, moment=None) -> dict:
    """Placement's Last-Modified and Cache-Control (from 1.15); the response time when `moment` is None."""
    if version < "1.15":
        return {}
    return {"Last-Modified": http_date((moment or timezone.now()).timestamp()), "Cache-Control": "no-cache"}
