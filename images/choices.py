"""Glance's vocabularies: image statuses, visibilities, member statuses and the formats it accepts."""
from django.db import models


class Status(models.TextChoices):
    QUEUED = "queued"
    SAVING = "saving"
    ACTIVE = "active"
    KILLED = "killed"
    DELETED = "deleted"
    PENDING_DELETE = "pending_delete"
    DEACTIVATED = "deactivated"
    UPLOADING = "uploading"
    IMPORTING = "importing"


class Visibility(models.TextChoices):
    PUBLIC = "public"
    COMMUNITY = "community"
    SHARED = "shared"
    PRIVATE = "private"


class MemberStatus(models.TextChoices):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


# Glance's defaults for `disk_formats` and `container_formats`.
DISK_FORMATS = ["ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"]
CONTAINER_FORMATS = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]
HASH_ALGORITHM = "sha512"
