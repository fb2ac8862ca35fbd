"""os-keypairs: list (paged from 2.35), create or import, show, delete; a user's own, any user's for admins (2.10)."""
from rest_framework import exceptions, status
from rest_framework.response import Response

from keypairs import policies, services
from keypairs.api import schemas
from openstack_api.links import next_links
from openstack_api.policy import authorize
from openstack_api.validation import check_name, validate, validate_query
from openstack_api.views import ComputeAPIView

MAX_LIMIT = 1000  # Nova's [api] max_limit
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"  # oslo.serialization's, as Nova's show renders it


def render(keypair, version, *fields) -> dict:
    body = {"name": keypair.name, "public_key": keypair.public_key, "fingerprint": keypair.fingerprint}
    if version >= schemas.TYPE_VERSION:
        body["type"] = keypair.type
    return body | {name: _field(keypair, name) for name in fields}


def _field(keypair, name):
    if name in ("created_at", "updated_at"):
        moment = getattr(keypair, name)
        return moment.replace(tzinfo=None).strftime(TIME_FORMAT) if moment else None
    return {"deleted": False, "deleted_at": None}.get(name, getattr(keypair, name, None))


class KeyPairView(ComputeAPIView):
    def get(self, request, name):
        user_id = _user_for(self, request, "show", paging=False)
        keypair = services.get(user_id, name)
        return Response({"keypair": render(keypair, request.version, "user_id", "deleted", "created_at",
                                           "deleted_at", "updated_at", "id")})

    def delete(self, request, name):
        user_id = _user_for(self, request, "delete", paging=False)
        services.delete(services.get(user_id, name))
        done = status.HTTP_204_NO_CONTENT if request.version >= schemas.TYPE_VERSION else status.HTTP_202_ACCEPTED
        return Response(status=done)


class KeyPairListView(ComputeAPIView):
    def get(self, request):
        user_id = _user_for(self, request, "index", paging=True)
        params = request.query_params
        limit = marker = None
        if request.version >= schemas.PAGING_VERSION:
            limit = min(int(params.getlist("limit", [MAX_LIMIT])[-1]), MAX_LIMIT)
            marker = params.getlist("marker", [None])[-1]
        keypairs = services.page(user_id, limit, marker)
        body = {"keypairs": [{"keypair": render(keypair, request.version)} for keypair in keypairs]}
        links = next_links(self.root_url, "os-keypairs", dict(params.lists()), keypairs, limit,
                           lambda keypair: keypair.name) if limit is not None else []
        if links:
            body["keypairs_links"] = links
        return Response(body)

    def post(self, request):
        version = request.version
        body = validate(request.data, schemas.create_schema(version))["keypair"]
        _check_name(body["name"], version)
        user_id = body.get("user_id") or self.context.user_id
        authorize(self.context, policies.KEYPAIRS % "create", {"user_id": user_id})
        created = services.create(self.context, user_id, body["name"], body.get("type", "ssh"), body.get("public_key"))
        keypair = render(created.keypair, version, "user_id")
        if created.private_key is not None:
            keypair["private_key"] = created.private_key
        done = status.HTTP_201_CREATED if version >= schemas.TYPE_VERSION else status.HTTP_200_OK
        return Response({"keypair": keypair}, status=done)


def _user_for(view, request, action: str, paging: bool) -> str:
    """The user whose pairs a read or delete is about (`user_id`, 2.10), once policy allows it."""
    params = validate_query(request.query_params, schemas.query_schema(request.version, paging))
    asked = params.get("user_id", [None])[-1] if request.version >= schemas.USER_ID_VERSION else None
    user_id = asked or view.context.user_id
    authorize(view.context, policies.KEYPAIRS % action, {"user_id": user_id})
    return user_id


def _check_name(name: str, version) -> None:
    """Nova's keypair name formats: `name` (printable, not padded) and the safe characters of the version."""
    check_name(name)
    allowed = schemas.safe_characters(version)
    if any(char not in allowed for char in name):
        raise exceptions.ValidationError({"detail": (
            f"An invalid 'name' value was provided. The name must be: Only expected characters: [{allowed}]")})
