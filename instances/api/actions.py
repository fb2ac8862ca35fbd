"""/servers/{id}/os-instance-actions and /servers/{id}/os-instance-actions/{request_id}."""
from oslo_utils import timeutils
from rest_framework import exceptions
from rest_framework.response import Response

from instances import policies
from instances.api import schemas
from instances.api.base import ServerAPIView
from instances.api.wire import host_id, naive_time
from openstack_api.links import next_links
from openstack_api.microversions import Versioned, pick
from openstack_api.policy import check
from openstack_api.validation import validate_query

RULE = policies.ACTIONS
PAGING_VERSION = "2.58"
ACTION_FIELDS = [Versioned(entry[:2], *entry[2:]) for entry in [
    ("action", lambda a: a.action), ("instance_uuid", lambda a: str(a.instance.uuid)),
    ("request_id", lambda a: a.request_id), ("user_id", lambda a: a.user_id),
    ("project_id", lambda a: a.project_id), ("start_time", lambda a: naive_time(a.start_time)),
    ("message", lambda a: a.message), ("updated_at", lambda a: naive_time(a.updated_at), PAGING_VERSION),
]]


def _action(action, version) -> dict:
    return {name: render(action) for name, render in pick(ACTION_FIELDS, version)}


class ActionListView(ServerAPIView):
    def get(self, request, server_id):
        # From 2.21 the actions of a deleted server stay visible.
        instance = self.server(server_id, RULE % "list", read_deleted=request.version >= "2.21")
        actions = instance.actions.select_related("instance").order_by("-start_time", "-id")
        limit, params = None, {}
        if request.version >= PAGING_VERSION:
            actions, limit, params = _page(request, instance, actions)
        actions = list(actions)
        body = {"instanceActions": [_action(action, request.version) for action in actions]}
        links = next_links(self.root_url, f"servers/{instance.uuid}/os-instance-actions", params, actions,
                           limit or 0, lambda a: a.request_id)
        if links:
            body["links"] = links
        return Response(body)


def _page(request, instance, actions):
    params = validate_query(request.query_params, schemas.ACTIONS_QUERY)
    last = {name: values[-1] for name, values in params.items()}
    if "changes-since" in last:
        actions = actions.filter(updated_at__gte=timeutils.parse_isotime(last["changes-since"]))
    if "changes-before" in last and request.version >= "2.66":
        actions = actions.filter(updated_at__lte=timeutils.parse_isotime(last["changes-before"]))
    if "marker" in last:
        marker = instance.actions.filter(request_id=last["marker"]).order_by("-start_time", "-id").first()
        if marker is None:
            raise exceptions.ValidationError({"detail": f"Marker {last['marker']} could not be found."})
        actions = actions.filter(start_time__lte=marker.start_time).exclude(
            start_time=marker.start_time, id__gte=marker.id)
    limit = min(int(last["limit"]), 1000) if "limit" in last else 1000
    return actions[:limit], limit, params


class ActionView(ServerAPIView):
    def get(self, request, server_id, request_id):
        instance = self.server(server_id, RULE % "show", read_deleted=request.version >= "2.21")
        action = instance.actions.filter(request_id=request_id).select_related("instance").first()
        if action is None:
            raise exceptions.NotFound(f"Action {request_id} not found")
        body = _action(action, request.version)
        shown = self._shown(request, instance)
        if shown["events"]:
            project = action.project_id or instance.project_id
            body["events"] = [_event(event, project, request.version, shown) for event in action.events.all()]
        return Response({"instanceAction": body})

    def _shown(self, request, instance) -> dict:
        """Admins see events with traceback and host; others see events from 2.51, without them."""
        target = policies.target(instance)
        full = check(self.context, RULE % "events", target)
        details = request.version >= "2.84" and check(self.context, RULE % "events:details", target)
        return {"events": full or request.version >= "2.51", "traceback": full, "host": full, "details": details}


def _event(event, project_id, version, shown) -> dict:
    body = {"event": event.event, "start_time": naive_time(event.start_time),
            "finish_time": naive_time(event.finish_time), "result": event.result}
    if shown["traceback"]:
        body["traceback"] = event.traceback
    if version >= "2.62":
        if shown["host"]:
            body["host"] = event.host
        body["hostId"] = host_id(event.host, project_id)
    if shown["details"]:
        body["details"] = event.details
    return body
