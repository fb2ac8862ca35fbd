"""os-hypervisors: list, detail, show, and the routes Nova retired at 2.53 (search, servers) and 2.88
(uptime, statistics). Admin-only by default, with Nova's rule names (hosts/policies.py)."""
from rest_framework import exceptions
from rest_framework.response import Response

from hosts import health, hypervisor_usages, hypervisors
from hosts.api.hypervisors import query, wire
from openstack_api.links import next_links
from openstack_api.policy import authorize
from openstack_api.views import ComputeAPIView

RULE = "os_compute_api:os-hypervisors:%s"


class FeatureNotSupported(exceptions.APIException):
    status_code = 501
    default_detail = "The requested functionality is not supported."


class HypervisorAPIView(ComputeAPIView):
    """A route that exists in a range of microversions; outside it Nova answers 404."""

    min_version: str | None = None
    max_version: str | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not request.version.matches(self.min_version, self.max_version):
            raise exceptions.NotFound(f"API version {request.version} is not supported on this method.")

    def rendering(self, with_servers=False) -> wire.Rendering:
        return wire.Rendering(self.request.version, health.clock(), with_servers)

    def authorize(self, action: str) -> None:
        authorize(self.context, RULE % action, {})


class HypervisorListView(HypervisorAPIView):
    """GET /os-hypervisors and (detailed) /os-hypervisors/detail."""

    detailed = False
    path = "os-hypervisors"

    def get(self, request):
        params = query.list_params(request)
        self.authorize("list-detail" if self.detailed else "list")
        if params.pattern is not None:
            nodes = hypervisors.matching(params.pattern)
        else:
            try:
                nodes = hypervisors.page(params.limit, params.marker)
            except hypervisors.MarkerNotFound:
                raise exceptions.ValidationError({"detail": f"marker [{params.marker}] not found"}) from None
        with_capacity = self.detailed and wire.shows_capacity(request.version)
        items = hypervisors.assemble(nodes, load=with_capacity, servers=params.with_servers)
        if with_capacity:
            items = hypervisor_usages.with_usages(items)
        rendering = self.rendering(params.with_servers)
        body = {"hypervisors": [wire.render(item, rendering, detail=self.detailed) for item in items]}
        links = next_links(self.root_url, self.path, params.given, body["hypervisors"], params.limit,
                           lambda item: item["id"]) if params.links else []
        if links:
            body["hypervisors_links"] = links
        return Response(body)


class HypervisorDetailListView(HypervisorListView):
    detailed = True
    path = "os-hypervisors/detail"


def _one(request, hypervisor_id, **parts) -> hypervisors.Hypervisor:
    """The node and its service; a node whose service is gone is not found, as in Nova."""
    node = hypervisors.get(hypervisor_id, by_uuid=request.version >= wire.UUID_IDS)
    found = hypervisors.assemble([node], **parts)
    if not found:
        raise exceptions.NotFound(f"Hypervisor with ID '{hypervisor_id}' could not be found.")
    return found[0]


class HypervisorView(HypervisorAPIView):
    """GET /os-hypervisors/{id}: one Placement request for its usages before 2.88."""

    def get(self, request, hypervisor_id):
        with_servers = query.show_with_servers(request)
        self.authorize("show")
        with_capacity = wire.shows_capacity(request.version)
        item = _one(request, hypervisor_id, load=with_capacity, servers=with_servers)
        if with_capacity:
            (item,) = hypervisor_usages.with_usages([item])
        return Response({"hypervisor": wire.render(item, self.rendering(with_servers), detail=True)})


class HypervisorUptimeView(HypervisorAPIView):
    """GET /os-hypervisors/{id}/uptime (until 2.87).

    Agents answer no uptime request yet, so an up host gets Nova's 501 for a driver without
    uptime (python-openstackclient expects and skips it); a down host gets Nova's 400.
    """

    max_version = "2.87"

    def get(self, request, hypervisor_id):
        self.authorize("uptime")
        item = _one(request, hypervisor_id)
        if not health.is_up(item.service):
            raise exceptions.ValidationError(
                {"detail": f"Compute service of {item.node.host} is unavailable at this time."})
        raise FeatureNotSupported()


class HypervisorStatisticsView(HypervisorAPIView):
    """GET /os-hypervisors/statistics (until 2.87): sums over enabled hosts."""

    max_version = "2.87"

    def get(self, request):
        self.authorize("statistics")
        items = hypervisors.assemble(hypervisors.page(), load=True)
        return Response({"hypervisor_statistics": hypervisor_usages.statistics(items)})


class HypervisorSearchView(HypervisorAPIView):
    """GET /os-hypervisors/{pattern}/search and /{pattern}/servers (until 2.52)."""

    max_version = "2.52"
    with_servers = False

    def get(self, request, pattern):
        self.authorize("servers" if self.with_servers else "search")
        items = hypervisors.assemble(hypervisors.matching(pattern), servers=self.with_servers)
        return Response({"hypervisors": [wire.render(item, self.rendering(), detail=False) for item in items]})


class HypervisorServersView(HypervisorSearchView):
    with_servers = True
