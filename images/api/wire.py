"""Images and members as Glance v2 renders them: extra properties flat beside the base attributes."""
from images.models import Image, ImageMember


def timestamp(moment) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def image_body(image: Image) -> dict:
    """Glance's image view; expects `tags` prefetched when rendering many."""
    image_id = str(image.id)
    body = dict(image.properties)
    body.update({
        "id": image_id,
        "name": image.name,
        "status": image.status,
        "visibility": image.visibility,
        "protected": image.protected,
        "os_hidden": image.os_hidden,
        "owner": image.owner,
        "disk_format": image.disk_format,
        "container_format": image.container_format,
        "min_disk": image.min_disk,
        "min_ram": image.min_ram,
        "size": image.size,
        "virtual_size": image.virtual_size,
        "checksum": image.checksum,
        "os_hash_algo": image.os_hash_algo,
        "os_hash_value": image.os_hash_value,
        "tags": [tag.value for tag in image.tags.all()],
        "created_at": timestamp(image.created_at),
        "updated_at": timestamp(image.updated_at),
        "self": f"/v2/images/{image_id}",
        "file": f"/v2/images/{image_id}/file",
        "schema": "/v2/schemas/image",
    })
    return body


def member_body(member: ImageMember) -> dict:
    return {
        "image_id": str(member.image_id),
        "member_id": member.member,
        "status": member.status,
        "created_at": timestamp(member.created_at),
        "updated_at": timestamp(member.updated_at),
        "schema": "/v2/schemas/member",
    }
