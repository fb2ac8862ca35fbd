"""What a host needs to know of an instance's image beyond its id: the properties that shape the guest."""
import uuid

from images.models import Image

# Glance property -> InstanceSpec field (hostagent.virt.types).
SPEC_FIELDS = {"kernel_id": "kernel_id", "ramdisk_id": "ramdisk_id", "os_command_line": "os_command_line",
               "hw_disk_bus": "disk_bus", "os_type": "os_type"}


def spec_fields(image_ref: str) -> dict:
    """The InstanceSpec fields the image's properties set; none when the image is gone (the guest
    then boots as a plain disk image, as Nova boots an instance whose image was deleted)."""
    try:
        uuid.UUID(image_ref)
    except (TypeError, ValueError):  # no image (booted from a volume) or not one of ours
        return {}
    properties = Image.objects.filter(id=image_ref).values_list("properties", flat=True).first() or {}
    return {field: str(properties[name]) for name, field in SPEC_FIELDS.items() if properties.get(name)}
