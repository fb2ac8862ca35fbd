"""Image records (Glance's `images`, `image_tags`, `image_members`); the data lives in the image store."""
import uuid

from django.db import models

from images.choices import MemberStatus, Status, Visibility


class Image(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=255, null=True, blank=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.QUEUED)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.SHARED)
    owner = models.CharField(max_length=255, null=True, blank=True, db_index=True)
    protected = models.BooleanField(default=False)
    os_hidden = models.BooleanField(default=False)
    disk_format = models.CharField(max_length=20, null=True, blank=True)
    container_format = models.CharField(max_length=20, null=True, blank=True)
    min_disk = models.PositiveIntegerField(default=0)
    min_ram = models.PositiveIntegerField(default=0)
    size = models.BigIntegerField(null=True, blank=True)
    virtual_size = models.BigIntegerField(null=True, blank=True)
    checksum = models.CharField(max_length=32, null=True, blank=True)
    os_hash_algo = models.CharField(max_length=64, null=True, blank=True)
    os_hash_value = models.CharField(max_length=128, null=True, blank=True)
    # Glance's extra properties (hw_disk_bus, os_distro, kernel_id, ...): string keys and values.
    properties = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name or '(no name)'} ({self.id})"


class ImageTag(models.Model):
    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="tags")
    value = models.CharField(max_length=255)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["image", "value"], name="image_tag_unique")]

    def __str__(self):
        return self.value


class ImageMember(models.Model):
    """A project an image is shared with; only `accepted` members see it in their image list."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="members")
    member = models.CharField(max_length=255, db_index=True)
    status = models.CharField(max_length=20, choices=MemberStatus.choices, default=MemberStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["image", "member"], name="image_member_unique")]

    def __str__(self):
        return f"{self.member} on {self.image_id} ({self.status})"
