"""os-server-groups: list, create, show, delete (members are the servers booted with the `group` hint)."""
from rest_framework import exceptions, status
from rest_framework.response import Response

from openstack_api.policy import authorize, check
from openstack_api.validation import check_name, to_bool, validate, validate_query
from openstack_api.views import ComputeAPIView
from server_groups import policies, services
from server_groups.api import schemas

OWNER_VERSION = "2.13"
MAX_LIMIT = 1000  # Nova's osapi_max_limit


def render(group, members: list[str], version) -> dict:
    body = {"id": str(group.uuid), "name": group.name}
    if version >= schemas.POLICY_VERSION:
        body["policy"] = group.policy
        body["rules"] = dict(group.rules)
    else:
        body["policies"] = [group.policy]
        body["metadata"] = {}
    body["members"] = members
    if version >= OWNER_VERSION:
        body["project_id"] = group.project_id
        body["user_id"] = group.user_id
    return body


class ServerGroupListView(ComputeAPIView):
    def get(self, request):
        authorize(self.context, policies.SERVER_GROUPS % "index")
        params = validate_query(request.query_params, schemas.list_query(request.version))
        groups = services.visible(self.context)
        every_project = to_bool(params.get("all_projects", ["false"])[-1])
        if not every_project or not _may_see_all(self.context):
            groups = groups.filter(project_id=self.context.project_id)
        offset = int(params.get("offset", ["0"])[-1])
        limit = min(int(params.get("limit", [str(MAX_LIMIT)])[-1]), MAX_LIMIT)
        page = list(groups[offset:offset + limit])
        members = services.member_uuids(page)
        return Response({"server_groups": [render(group, members[group.id], request.version) for group in page]})

    def post(self, request):
        authorize(self.context, policies.SERVER_GROUPS % "create")
        body = validate(request.data, schemas.create_schema(request.version))["server_group"]
        check_name(body["name"])
        policy = body.get("policy") or body["policies"][0]
        rules = {name: int(value) for name, value in body.get("rules", {}).items()}
        if rules and policy != "anti-affinity":
            raise exceptions.ValidationError({"detail": "Only anti-affinity policy supports rules."})
        group = services.create(self.context, body["name"], policy, rules)
        return Response({"server_group": render(group, [], request.version)})


class ServerGroupView(ComputeAPIView):
    def get(self, request, group_id):
        authorize(self.context, policies.SERVER_GROUPS % "show")
        group = services.get(self.context, group_id)
        return Response({"server_group": render(group, services.member_uuids([group])[group.id], request.version)})

    def delete(self, request, group_id):
        authorize(self.context, policies.SERVER_GROUPS % "delete")
        services.delete(services.get(self.context, group_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _may_see_all(context) -> bool:
    return check(context, policies.SERVER_GROUPS % "index:all_projects")
