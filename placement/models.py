"""Placement's tables: providers in trees, their inventories, traits and aggregates, and the
allocations consumers hold against them."""
import uuid

from django.db import models


class NamedEntry(models.Model):
    """A name from a standard set (os-resource-classes, os-traits) or an operator's CUSTOM_ one."""

    name = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class ResourceClass(NamedEntry):
    pass


class Trait(NamedEntry):
    pass


class ResourceProvider(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True)
    name = models.CharField(max_length=200, unique=True)
    generation = models.PositiveBigIntegerField(default=0)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # Set to the provider itself for roots; every query that walks a tree joins on it.
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Inventory(models.Model):
    provider = models.ForeignKey(ResourceProvider, on_delete=models.CASCADE, related_name="inventories")
    resource_class = models.ForeignKey(ResourceClass, on_delete=models.PROTECT, related_name="+")
    total = models.BigIntegerField()
    reserved = models.BigIntegerField(default=0)
    min_unit = models.BigIntegerField(default=1)
    max_unit = models.BigIntegerField()
    step_size = models.BigIntegerField(default=1)
    allocation_ratio = models.FloatField(default=1.0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "resource_class"], name="inventory_unique")]
        indexes = [models.Index(fields=["resource_class", "provider"], name="inventory_class_provider")]


class ProviderTrait(models.Model):
    provider = models.ForeignKey(ResourceProvider, on_delete=models.CASCADE, related_name="trait_links")
    trait = models.ForeignKey(Trait, on_delete=models.PROTECT, related_name="provider_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "trait"], name="provider_trait_unique")]
        indexes = [models.Index(fields=["trait", "provider"], name="provider_trait_by_trait")]


class ProviderAggregate(models.Model):
    provider = models.ForeignKey(ResourceProvider, on_delete=models.CASCADE, related_name="aggregate_links")
    aggregate_uuid = models.UUIDField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "aggregate_uuid"], name="provider_aggregate_unique")]
        indexes = [models.Index(fields=["aggregate_uuid", "provider"], name="provider_aggregate_by_agg")]


class Consumer(models.Model):
    """Whoever holds allocations (an instance, a migration); its generation guards concurrent writes."""

    uuid = models.UUIDField(unique=True)
    project_id = models.CharField(max_length=255, db_index=True)
    user_id = models.CharField(max_length=255, db_index=True)
    # None is the API's `unknown` type (allocations written before 1.38).
    consumer_type = models.CharField(max_length=255, null=True, blank=True)
    generation = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)


class Allocation(models.Model):
    provider = models.ForeignKey(ResourceProvider, on_delete=models.PROTECT, related_name="allocations")
    consumer = models.ForeignKey(Consumer, on_delete=models.CASCADE, related_name="allocations")
    resource_class = models.ForeignKey(ResourceClass, on_delete=models.PROTECT, related_name="+")
    used = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["provider", "resource_class"], name="allocation_usage")]
        constraints = [
            models.UniqueConstraint(fields=["consumer", "provider", "resource_class"], name="allocation_unique"),
        ]
