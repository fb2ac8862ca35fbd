"""Console tokens, stored only as hashes, bound to an instance and its host's console endpoint."""
from django.db import models


class ConsoleAuthToken(models.Model):
    token_hash = models.CharField(max_length=64, unique=True)
    console_type = models.CharField(max_length=32, default="novnc")
    instance_uuid = models.UUIDField(db_index=True)
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField()
    internal_access_path = models.CharField(max_length=255, blank=True, default="")
    expires_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
