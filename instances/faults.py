"""Instance faults: why an instance went wrong, shown on ERROR servers (newest first)."""
import logging

from instances.exceptions import InstanceNotFound
from instances.models import Instance, InstanceFault

logger = logging.getLogger(__name__)
MESSAGE_LENGTH = 255  # Nova truncates the message to its column; the whole story goes in details


def record(instance_uuid, message: str, code: int = 500, details: str = "", host=None) -> InstanceFault:
    """Store a fault for the instance; the message is cut to 255 characters as Nova's column is."""
    instance_id = Instance.objects.filter(uuid=instance_uuid).values_list("pk", flat=True).first()
    if instance_id is None:
        raise InstanceNotFound(instance_uuid)
    fault = InstanceFault.objects.create(instance_id=instance_id, code=code, message=str(message)[:MESSAGE_LENGTH],
                                         details=details or "", host=host)
    logger.info("instance %s fault %s: %s", instance_uuid, code, fault.message)
    return fault
