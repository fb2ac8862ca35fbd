"""The binaries of the service registry, named as operators know them from Nova."""
from django.db import models


class Binary(models.TextChoices):
    API = "nova-api"
    PLACEMENT_API = "placement-api"
    SCHEDULER = "nova-scheduler"
    CONDUCTOR = "nova-conductor"
    COMPUTE = "nova-compute"
    NOVNCPROXY = "nova-novncproxy"


# The RPC topic Nova shows for each binary; API processes have none.
TOPICS = {
    Binary.SCHEDULER: "scheduler",
    Binary.CONDUCTOR: "conductor",
    Binary.COMPUTE: "compute",
}
