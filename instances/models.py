"""Instances and what hangs off them (Nova's `instances`, `instance_metadata`, `tags`,
`instance_actions`, `instance_actions_events` and `instance_faults` tables).

State columns (vm_state, task_state, power_state) change only through `instances.states.transition`.
"""
import uuid

from django.db import models

from instances.choices import PowerState, TaskState, VmState


class Instance(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(max_length=255, blank=True, default="")
    description = models.TextField(null=True, blank=True)
    hostname = models.CharField(max_length=255, blank=True, default="")
    project_id = models.CharField(max_length=255, db_index=True)
    user_id = models.CharField(max_length=255)
    # flavors.services.snapshot(): the flavor as it was at boot; later flavor edits don't reach it.
    flavor = models.JSONField(default=dict)
    image_ref = models.CharField(max_length=255, blank=True, default="")
    availability_zone = models.CharField(max_length=255, null=True, blank=True)
    host = models.CharField(max_length=255, null=True, blank=True, db_index=True)
    node = models.CharField(max_length=255, null=True, blank=True)
    vm_state = models.CharField(max_length=255, choices=VmState.choices, default=VmState.BUILDING)
    task_state = models.CharField(max_length=255, choices=TaskState.choices, null=True, blank=True)
    power_state = models.SmallIntegerField(choices=PowerState.choices, default=PowerState.NOSTATE)
    reservation_id = models.CharField(max_length=255, db_index=True)
    launch_index = models.PositiveIntegerField(default=0)
    user_data = models.TextField(null=True, blank=True)
    key_name = models.CharField(max_length=255, null=True, blank=True)
    # Nova's key_data (the key pair's public key at boot) and config_drive ("True" when the guest gets one).
    key_data = models.TextField(null=True, blank=True)
    config_drive = models.CharField(max_length=255, blank=True, default="")
    # What the boot asked for (`networks`, resolved by the API: [] for none, else one entry per NIC
    # with network_id and optionally fixed_ip or port_id) and Nova's network info cache: the NICs the
    # conductor plugged, which `addresses` shows without asking the network service.
    requested_networks = models.JSONField(default=list, blank=True)
    network_info = models.JSONField(default=list, blank=True)
    locked = models.BooleanField(default=False)
    locked_reason = models.CharField(max_length=255, null=True, blank=True)
    # Nova's locked_by: "owner" (the server's project locked it) or "admin" (someone else did), so the
    # owner cannot undo an admin's lock without os-lock-server:unlock:unlock_override.
    locked_by = models.CharField(max_length=5, null=True, blank=True, choices=[("owner", "owner"), ("admin", "admin")])
    launched_at = models.DateTimeField(null=True, blank=True)
    terminated_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set explicitly by every write (transition() uses UPDATE, which auto_now would not see).
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.display_name} ({self.uuid})"

    @property
    def name(self) -> str:
        """Nova's instance name (the libvirt domain's): `instance-%08x` of the database id."""
        return f"instance-{self.pk:08x}"


class InstanceMetadata(models.Model):
    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="metadata")
    key = models.CharField(max_length=255)
    value = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name_plural = "instance metadata"
        constraints = [models.UniqueConstraint(fields=["instance", "key"], name="instance_metadata_unique")]

    def __str__(self):
        return f"{self.key}={self.value}"


class InstanceTag(models.Model):
    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(max_length=60)

    class Meta:
        ordering = ["tag"]
        constraints = [models.UniqueConstraint(fields=["instance", "tag"], name="instance_tag_unique")]

    def __str__(self):
        return self.tag


class InstanceAction(models.Model):
    """One user-visible operation on an instance (create, delete, ...), keyed by the request id."""

    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=255)
    request_id = models.CharField(max_length=255)
    user_id = models.CharField(max_length=255, null=True, blank=True)
    project_id = models.CharField(max_length=255, null=True, blank=True)
    start_time = models.DateTimeField()
    finish_time = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=255, null=True, blank=True)
    # Bumped by each event (Nova's updated_at, which 2.58's changes-since filters on).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_time", "-id"]
        indexes = [models.Index(fields=["instance", "request_id"], name="instance_action_request")]

    def __str__(self):
        return f"{self.action} {self.request_id}"


class InstanceActionEvent(models.Model):
    """A step of an action (compute__do_build_and_run_instance, ...), reported as it starts and ends."""

    action = models.ForeignKey(InstanceAction, on_delete=models.CASCADE, related_name="events")
    event = models.CharField(max_length=255)
    start_time = models.DateTimeField()
    finish_time = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=255, null=True, blank=True)
    traceback = models.TextField(null=True, blank=True)
    host = models.CharField(max_length=255, null=True, blank=True)
    details = models.TextField(null=True, blank=True)

    class Meta:
        ordering = ["start_time", "id"]

    def __str__(self):
        return f"{self.event} ({self.result or 'running'})"


class InstanceFault(models.Model):
    """Why an instance went wrong; the newest one is shown on ERROR (and DELETED) servers."""

    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="faults")
    code = models.IntegerField(default=500)
    message = models.CharField(max_length=255)
    details = models.TextField(blank=True, default="")
    host = models.CharField(max_length=255, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.code} {self.message}"
