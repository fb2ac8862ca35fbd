"""Server groups (Nova's instance_groups) and their members.

A member row also remembers the host the scheduler claimed for the instance (`claimed_host`), so
a boot into the group scheduled before the conductor pins the previous member to its host still
counts it there (the instance row's `host` is the conductor's to write).
"""
import uuid

from django.db import models

from instances.models import Instance

POLICIES = ("affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity")
HARD_POLICIES = ("affinity", "anti-affinity")


class ServerGroup(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=255)
    project_id = models.CharField(max_length=255, db_index=True)
    user_id = models.CharField(max_length=255)
    policy = models.CharField(max_length=32, choices=[(name, name) for name in POLICIES])
    rules = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.name} ({self.policy})"


class ServerGroupMember(models.Model):
    group = models.ForeignKey(ServerGroup, on_delete=models.CASCADE, related_name="members")
    instance = models.OneToOneField(Instance, on_delete=models.CASCADE, related_name="server_group_member")
    claimed_host = models.CharField(max_length=255, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.instance_id} in {self.group_id}"
