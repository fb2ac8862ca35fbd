"""Plain factory functions for image records (through the services, as the API makes them)."""
from images.services import data, records
from images.services.guest_images import system_context
from openstack_api.auth import expand_roles
from openstack_api.context import RequestContext


def context_for(project="project-a", user="alice", roles=("member",)) -> RequestContext:
    return RequestContext(user_id=user, project_id=project, roles=expand_roles(roles))


def make_image(context=None, payload: bytes | None = None, **fields):
    """An image owned by the context's project (the admin's by default), with data when `payload` is given."""
    import io

    context = context or system_context()
    body = {"disk_format": "raw", "container_format": "bare", **fields}
    image = records.create(context, body)
    if payload is not None:
        image = data.upload(context, image.id, io.BytesIO(payload), len(payload))
    return image
