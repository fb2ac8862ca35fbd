"""The service registry: one row per (host, binary), kept alive by heartbeats."""
import uuid

from django.db import models

from hosts.choices import Binary


class Service(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    host = models.CharField(max_length=255)
    binary = models.CharField(max_length=255, choices=Binary.choices)
    topic = models.CharField(max_length=255, blank=True, default="")
    report_count = models.PositiveBigIntegerField(default=0)
    disabled = models.BooleanField(default=False)
    disabled_reason = models.CharField(max_length=255, null=True, blank=True)
    forced_down = models.BooleanField(default=False)
    last_seen_up = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["host", "binary"], name="service_host_binary_unique")]

    def __str__(self):
        return f"{self.binary} on {self.host}"


class ComputeNode(models.Model):
    """A hypervisor as its agent last reported it; its uuid is its resource provider's in Placement."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    host = models.CharField(max_length=255, db_index=True)
    hypervisor_hostname = models.CharField(max_length=255, unique=True)
    hypervisor_type = models.CharField(max_length=64)
    vcpus = models.PositiveIntegerField()
    memory_mb = models.PositiveBigIntegerField()
    local_gb = models.PositiveBigIntegerField()
    # The Placement inventory last written for this node (classes -> fields), to skip no-op updates.
    inventory = models.JSONField(default=dict)
    # Consecutive failed builds on this node's host, reset by a successful one (Nova's compute keeps
    # the same count); BuildFailureWeigher sinks nodes with failures so a broken host stops attracting builds.
    failed_builds = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.hypervisor_hostname} ({self.host})"


class Aggregate(models.Model):
    """A host aggregate: a named set of hosts with metadata; `availability_zone` metadata makes it a zone.

    Mirrored into Placement: each member host's compute-node providers belong to the aggregate of
    the same uuid. Deleting is for real (Nova soft-deletes; nothing here reads deleted aggregates).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=255, unique=True)
    metadata = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name

    @property
    def availability_zone(self) -> str | None:
        return self.metadata.get("availability_zone")


class AggregateHost(models.Model):
    """One host's membership of one aggregate (hosts by name, as Nova keeps them)."""

    aggregate = models.ForeignKey(Aggregate, on_delete=models.CASCADE, related_name="hosts")
    host = models.CharField(max_length=255, db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["aggregate", "host"], name="aggregate_host_unique")]

    def __str__(self):
        return f"{self.host} in {self.aggregate_id}"
