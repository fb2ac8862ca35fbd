"""The versions document, the v2.0 resource list and the extensions this subset really offers."""
from rest_framework.response import Response

from networks import exceptions
from networks.api.views import RESOURCES
from openstack_api.views import NetworkAPIView

UPDATED = "2026-12-01T00:00:00-00:00"
# Only what the API above honours: clients switch features on by these aliases.
EXTENSIONS = [
    ("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
    ("external-net", "Neutron external network", "Adds external network attribute to network resource."),
    ("net-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
    ("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."),
    ("provider", "Provider Network", "Expose mapping of virtual networks to physical networks"),
    ("quotas", "Quota management support", "Expose functions for quotas management per project"),
    ("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"),
    ("standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of "
                                                              "neutron resources."),
    ("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron "
                                                       "resources that have Neutron standard attributes."),
]


def _extension(alias, name, description) -> dict:
    return {"alias": alias, "name": name, "description": description, "updated": UPDATED, "links": []}


class VersionsView(NetworkAPIView):
    authentication_classes = []
    permission_classes = []

    def get(self, request):
        return Response({"versions": [{"id": "v2.0", "status": "CURRENT",
                                       "links": [{"href": f"{self.root_url}/v2.0/", "rel": "self"}]}]})


class ResourcesView(NetworkAPIView):
    def get(self, request):
        return Response({"resources": [
            {"name": resource.singular, "collection": resource.plural,
             "links": [{"href": f"{self.root_url}/v2.0/{resource.plural}", "rel": "self"}]}
            for resource in RESOURCES.values()]})


class ExtensionListView(NetworkAPIView):
    def get(self, request):
        return Response({"extensions": [_extension(*entry) for entry in EXTENSIONS]})


class ExtensionView(NetworkAPIView):
    def get(self, request, alias):
        for entry in EXTENSIONS:
            if entry[0] == alias:
                return Response({"extension": _extension(*entry)})
        raise exceptions.not_found("Extension", alias)
