"""What every servers-API view shares: the server lookup with its policy, and how this request renders servers."""
from flavors.policies import may_see_extra_specs
from instances import policies
from instances.api import wire
from instances.services import host_status, records
from openstack_api.policy import authorize, check
from openstack_api.views import ComputeAPIView

HOST_STATUS_VERSION = "2.16"


class ServerAPIView(ComputeAPIView):
    def server(self, server_id, rule: str, *, for_detail=False, read_deleted=False):
        """The server the URL names (404 if the caller cannot see it), once `rule` allows the caller on it."""
        instance = records.get(self.context, server_id, for_detail=for_detail, read_deleted=read_deleted)
        authorize(self.context, rule, policies.target(instance))
        return instance

    def rendering(self, instances=(), *, groups=None) -> wire.Rendering:
        """How this request renders servers; each policy is asked once per request, not per server."""
        version, context = self.request.version, self.context
        shown = None
        if version >= HOST_STATUS_VERSION:
            if check(context, policies.SERVERS % "show:host_status"):
                shown = "all"
            elif check(context, policies.SERVERS % "show:host_status:unknown-only"):
                shown = "unknown-only"
        hosts = {instance.host for instance in instances if instance.host} if shown else set()
        return wire.Rendering(
            version=version, root_url=self.root_url,
            extended_attributes=check(context, policies.EXTENDED_ATTRIBUTES),
            host_status=shown,
            flavor_extra_specs=version >= "2.47" and may_see_extra_specs(context),
            fault_details=context.is_admin,
            host_statuses=host_status.of_hosts(hosts) if hosts else {},
            **({"groups": frozenset(groups)} if groups is not None else {}),
        )
