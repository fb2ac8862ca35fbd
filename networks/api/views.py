"""/v2.0/networks, /v2.0/subnets, /v2.0/ports: one collection view and one member view per resource."""
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from rest_framework import status
from rest_framework.response import Response

from networks.api import query, wire
from networks.models import IPAllocation, Subnet
from networks.services import access, networks, ports, subnets
from openstack_api.validation import as_uuid
from openstack_api.views import NetworkAPIView


@dataclass(frozen=True)
class Resource:
    singular: str
    plural: str
    rows: Callable          # context -> queryset of visible rows
    render: Callable        # (view, rows) -> bodies
    columns: dict           # attribute -> (ORM lookup, converter) for database filters
    sortable: dict          # attribute -> ORM field
    get: Callable
    create: Callable
    update: Callable
    delete: Callable


COMMON_COLUMNS = {"id": ("id", as_uuid), "name": ("name", None), "project_id": ("project_id", None),
                  "tenant_id": ("project_id", None), "description": ("description", None)}
COMMON_SORT = {"id": "id", "name": "name", "project_id": "project_id", "tenant_id": "project_id",
               "created_at": "created_at", "updated_at": "updated_at"}


def _render_networks(view, rows):
    rows = rows.prefetch_related(Prefetch("subnets", queryset=Subnet.objects.only("id", "network_id")))
    # Neutron strips what the policy hides per attribute; one rule decides the three (all admin-only).
    show = access.allowed(view.context, "get_network:provider:network_type", view.context.project_id)
    return [wire.network_body(network, [str(subnet.id) for subnet in network.subnets.all()], show)
            for network in rows]


def _render_subnets(view, rows):
    return [wire.subnet_body(subnet) for subnet in rows]


def _render_ports(view, rows):
    binding = access.allowed(view.context, "get_port:binding:host_id", view.context.project_id)
    rows = rows.prefetch_related(Prefetch("fixed_ips", queryset=IPAllocation.objects.order_by("id")))
    return [wire.port_body(port, binding) for port in rows]


RESOURCES = {
    "networks": Resource(
        "network", "networks", access.networks, _render_networks,
        {**COMMON_COLUMNS, "shared": ("shared", query._bool), "admin_state_up": ("admin_state_up", query._bool),
         "mtu": ("mtu", int), "is_default": ("is_default", query._bool)},
        {**COMMON_SORT, "shared": "shared", "mtu": "mtu"},
        access.network, networks.create, networks.update, networks.delete),
    "subnets": Resource(
        "subnet", "subnets", access.subnets, _render_subnets,
        {**COMMON_COLUMNS, "network_id": ("network_id", as_uuid), "cidr": ("cidr", None),
         "ip_version": ("ip_version", int), "gateway_ip": ("gateway_ip", None),
         "enable_dhcp": ("enable_dhcp", query._bool)},
        {**COMMON_SORT, "cidr": "cidr", "network_id": "network_id", "ip_version": "ip_version"},
        access.subnet, subnets.create, subnets.update, subnets.delete),
    "ports": Resource(
        "port", "ports", access.ports, _render_ports,
        {**COMMON_COLUMNS, "network_id": ("network_id", as_uuid), "device_id": ("device_id", None),
         "device_owner": ("device_owner", None), "mac_address": ("mac_address", str.lower),
         "status": ("status", None), "admin_state_up": ("admin_state_up", query._bool),
         "binding:host_id": ("binding_host_id", None)},
        {**COMMON_SORT, "mac_address": "mac_address", "device_id": "device_id", "status": "status",
         "network_id": "network_id"},
        access.port, ports.create, ports.update, ports.delete),
}


def _fixed_ip_filters(rows, filters):
    """`fixed_ips=ip_address=X` / `fixed_ips=subnet_id=Y`, as neutronclient and the SDK send them."""
    for value in filters.pop("fixed_ips", []):
        name, _, wanted = value.partition("=")
        if name == "ip_address":
            rows = rows.filter(fixed_ips__ip_address=wanted)
        elif name == "subnet_id":
            rows = rows.filter(fixed_ips__subnet_id=as_uuid(wanted))
    return rows.distinct()


class CollectionView(NetworkAPIView):
    resource: Resource = None

    def get(self, request):
        resource = self.resource
        filters, options = query.split(request.query_params)
        rows, rest = query.apply_filters(resource.rows(self.context), filters, resource.columns)
        if resource.plural == "ports" and "fixed_ips" in rest:
            rows = _fixed_ip_filters(rows, rest)
        rows, limit = query.sort_and_page(rows, options, resource.sortable)
        bodies = [body for body in resource.render(self, rows) if query.matches(body, rest)]
        bodies = query.after_marker(bodies, options)
        if limit:
            bodies = bodies[:limit]
        fields = options.get("fields")
        result = {resource.plural: [query.select_fields(body, fields) for body in bodies]}
        page_links = query.links(self.root_url, resource.plural, request.query_params, bodies, limit)
        if page_links:
            result[f"{resource.plural}_links"] = page_links
        return Response(result)

    def post(self, request):
        row = self.resource.create(self.context, request.data)
        return Response({self.resource.singular: self._one(row)}, status=status.HTTP_201_CREATED)

    def _one(self, row):
        return self.resource.render(self, type(row).objects.filter(pk=row.pk))[0]


class MemberView(CollectionView):
    def get(self, request, resource_id):
        row = self.resource.get(self.context, resource_id)
        body = self._one(row)
        fields = request.query_params.getlist("fields")
        return Response({self.resource.singular: query.select_fields(body, fields)})

    def put(self, request, resource_id):
        row = self.resource.update(self.context, resource_id, request.data)
        return Response({self.resource.singular: self._one(row)})

    def delete(self, request, resource_id):
        self.resource.delete(self.context, resource_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


def collection(name):
    return type(f"{name.title()}CollectionView", (CollectionView,), {"resource": RESOURCES[name]}).as_view()


def member(name):
    return type(f"{name.title()}MemberView", (MemberView,), {"resource": RESOURCES[name]}).as_view()
