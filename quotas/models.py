"""Quota limits set through the API: per project (os-quota-sets) and per quota class (os-quota-class-sets).

A resource without a row falls back: project -> the `default` class -> the settings (`quotas.resources`).
"""
from django.db import models


class ProjectQuota(models.Model):
    """Nova's `quotas` table without per-user rows: one project's limit on one resource."""

    project_id = models.CharField(max_length=255)
    resource = models.CharField(max_length=255)
    hard_limit = models.IntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project_id", "resource"], name="uniq_project_quota")]

    def __str__(self):
        return f"{self.project_id}: {self.resource}={self.hard_limit}"


class QuotaClass(models.Model):
    """Nova's `quota_classes` table: the `default` class holds the defaults every project falls back to."""

    class_name = models.CharField(max_length=255)
    resource = models.CharField(max_length=255)
    hard_limit = models.IntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["class_name", "resource"], name="uniq_quota_class")]

    def __str__(self):
        return f"{self.class_name}: {self.resource}={self.hard_limit}"
