"""Plain factory functions for instances, their images and flavors."""
import uuid

from django.utils import timezone

from flavors.services import snapshot
from images.choices import Status, Visibility
from images.models import Image
from instances.models import Instance, InstanceFault, InstanceMetadata, InstanceTag
from tests.flavors.factories import make_flavor


def make_image(*, status=Status.ACTIVE, visibility=Visibility.PUBLIC, owner="project-a", **fields) -> Image:
    return Image.objects.create(name=fields.pop("name", "cirros"), status=status, visibility=visibility, owner=owner,
                                disk_format="qcow2", container_format="bare", **fields)


def tiny_flavor():
    return make_flavor("1", "m1.tiny", 1, 512, 1)


def make_instance(name="s1", *, project_id="project-a", user_id="alice", flavor=None, vm_state="active",
                  task_state=None, metadata=None, tags=(), fault=None, **fields) -> Instance:
    """An instance row as the chain would have left it (active on no host unless told otherwise)."""
    flavor = flavor or make_flavor(f"f-{uuid.uuid4().hex[:6]}")
    instance = Instance.objects.create(
        display_name=name, hostname=name, project_id=project_id, user_id=user_id, flavor=snapshot(flavor),
        image_ref=fields.pop("image_ref", str(uuid.uuid4())), vm_state=vm_state, task_state=task_state,
        reservation_id=fields.pop("reservation_id", "r-test0001"), **fields,
    )
    for key, value in (metadata or {}).items():
        InstanceMetadata.objects.create(instance=instance, key=key, value=value)
    for tag in tags:
        InstanceTag.objects.create(instance=instance, tag=tag)
    if fault:
        InstanceFault.objects.create(instance=instance, **fault)
    return instance


def soft_deleted(instance: Instance) -> Instance:
    now = timezone.now()
    Instance.objects.filter(pk=instance.pk).update(vm_state="deleted", deleted_at=now, terminated_at=now)
    instance.refresh_from_db()
    return instance
