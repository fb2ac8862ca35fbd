"""/v3/services, /v3/endpoints and /v3/regions: the catalog as Keystone lists it, read-only.

The catalog is configuration (node/endpoints.py), not rows, so these lists cannot be changed here.
"""
from django.conf import settings
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from identity import catalog
from identity.api.base import IdentityView


def page(root, collection, items) -> dict:
    return {collection: items, "links": {"self": f"{root}/v3/{collection}", "previous": None, "next": None}}


class ServicesView(IdentityView):
    def get(self, request):
        self.authorize("list_services")
        services = [{"id": s["id"], "type": s["type"], "name": s["name"], "enabled": True, "description": "",
                     "links": {"self": f"{self.root_url}/v3/services/{s['id']}"}} for s in catalog.catalog()]
        if "type" in request.query_params:
            services = [s for s in services if s["type"] == request.query_params["type"]]
        return Response(page(self.root_url, "services", services))


class EndpointsView(IdentityView):
    def get(self, request):
        self.authorize("list_endpoints")
        endpoints = [{**endpoint, "service_id": service["id"], "enabled": True,
                      "links": {"self": f"{self.root_url}/v3/endpoints/{endpoint['id']}"}}
                     for service in catalog.catalog() for endpoint in service["endpoints"]]
        for name in ("interface", "service_id", "region_id"):
            if name in request.query_params:
                endpoints = [e for e in endpoints if e[name] == request.query_params[name]]
        return Response(page(self.root_url, "endpoints", endpoints))


def region(root) -> dict:
    return {"id": settings.XCOMPUTE_REGION, "description": "", "parent_region_id": None,
            "links": {"self": f"{root}/v3/regions/{settings.XCOMPUTE_REGION}"}}


class RegionsView(IdentityView):
    def get(self, request):
        return Response(page(self.root_url, "regions", [region(self.root_url)]))


class RegionView(IdentityView):
    def get(self, request, region_id):
        if region_id != settings.XCOMPUTE_REGION:
            raise NotFound(f"Could not find region: {region_id}.")
        return Response({"region": region(self.root_url)})
