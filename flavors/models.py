"""Flavors (Nova's `flavors`, `flavor_extra_specs` and `flavor_projects` tables)."""
from django.db import models


class Flavor(models.Model):
    """A server size. `flavorid` is the `id` clients see; the integer pk never leaves the database."""

    flavorid = models.CharField(max_length=255, unique=True)
    name = models.CharField(max_length=255, unique=True)
    vcpus = models.PositiveIntegerField()
    memory_mb = models.PositiveIntegerField(verbose_name="RAM (MB)")
    root_gb = models.PositiveIntegerField(default=0, verbose_name="disk (GB)")
    ephemeral_gb = models.PositiveIntegerField(default=0, verbose_name="ephemeral disk (GB)")
    swap = models.PositiveIntegerField(default=0, verbose_name="swap (MB)")
    rxtx_factor = models.FloatField(default=1.0)
    # Kept because Nova's list API sorts by it; nothing renders it.
    vcpu_weight = models.PositiveIntegerField(null=True, blank=True)
    is_public = models.BooleanField(default=True)
    disabled = models.BooleanField(default=False)
    description = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["flavorid", "id"]

    def __str__(self):
        return f"{self.name} ({self.flavorid})"


class FlavorExtraSpec(models.Model):
    """One key of a flavor's extra specs; values are strings, as Nova stores them."""

    flavor = models.ForeignKey(Flavor, on_delete=models.CASCADE, related_name="extra_specs")
    key = models.CharField(max_length=255)
    value = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["flavor", "key"], name="flavor_extra_spec_unique")]

    def __str__(self):
        return f"{self.key}={self.value}"


class FlavorAccess(models.Model):
    """A project allowed to use a private flavor."""

    flavor = models.ForeignKey(Flavor, on_delete=models.CASCADE, related_name="projects")
    project_id = models.CharField(max_length=255, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "flavor access"
        constraints = [models.UniqueConstraint(fields=["flavor", "project_id"], name="flavor_access_unique")]

    def __str__(self):
        return f"{self.project_id} may use {self.flavor.name}"
