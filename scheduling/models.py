"""What the scheduler keeps: each instance's request spec, for its reschedules (Nova's request_specs)."""
from django.db import models


class RequestSpecRecord(models.Model):
    """The boot request an instance came from, and the hosts its builds already failed on."""

    instance_uuid = models.UUIDField(unique=True)
    spec = models.JSONField()  # scheduling.request_spec.RequestSpec.to_dict()
    tried_hosts = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"request spec of {self.instance_uuid}"
