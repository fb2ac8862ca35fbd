"""Keystone's identity records; ids are 32 hex characters, as Keystone's uuid4().hex."""
import uuid

from django.contrib.auth.hashers import check_password, make_password
from django.db import models

DEFAULT_DOMAIN_ID = "default"


def new_id() -> str:
    return uuid.uuid4().hex


class Domain(models.Model):
    id = models.CharField(primary_key=True, max_length=64, default=new_id)
    name = models.CharField(max_length=255, unique=True)
    description = models.TextField(blank=True, default="")
    enabled = models.BooleanField(default=True)

    def __str__(self):
        return self.name


class Project(models.Model):
    id = models.CharField(primary_key=True, max_length=64, default=new_id)
    name = models.CharField(max_length=64)
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="projects")
    description = models.TextField(blank=True, default="")
    enabled = models.BooleanField(default=True)
    tags = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["domain", "name"], name="identity_project_name_in_domain")]

    def __str__(self):
        return self.name


class User(models.Model):
    id = models.CharField(primary_key=True, max_length=64, default=new_id)
    name = models.CharField(max_length=255)
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="users")
    password = models.CharField(max_length=255, blank=True, default="")
    enabled = models.BooleanField(default=True)
    default_project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    description = models.TextField(blank=True, default="")
    email = models.CharField(max_length=255, blank=True, default="")
    password_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["domain", "name"], name="identity_user_name_in_domain")]

    def __str__(self):
        return self.name

    def set_password(self, raw: str | None) -> None:
        """Hash with Django's hashers; no password at all means password login is impossible."""
        self.password = make_password(raw) if raw else ""

    def check_password(self, raw: str) -> bool:
        return bool(self.password) and check_password(raw, self.password)


class Role(models.Model):
    id = models.CharField(primary_key=True, max_length=64, default=new_id)
    name = models.CharField(max_length=255, unique=True)
    description = models.TextField(blank=True, default="")

    def __str__(self):
        return self.name


class RoleAssignment(models.Model):
    """A role of a user on exactly one of: a project, a domain, the system (`all`)."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    domain = models.ForeignKey(Domain, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    system = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(project__isnull=False, domain__isnull=True, system=False)
                           | models.Q(project__isnull=True, domain__isnull=False, system=False)
                           | models.Q(project__isnull=True, domain__isnull=True, system=True)),
                name="identity_assignment_one_target"),
            # One partial index per target: SQLite cannot treat NULLs as equal in one index.
            models.UniqueConstraint(fields=["role", "user", "project"], condition=models.Q(project__isnull=False),
                                    name="identity_assignment_unique_project"),
            models.UniqueConstraint(fields=["role", "user", "domain"], condition=models.Q(domain__isnull=False),
                                    name="identity_assignment_unique_domain"),
            models.UniqueConstraint(fields=["role", "user"], condition=models.Q(system=True),
                                    name="identity_assignment_unique_system"),
        ]


class ApplicationCredential(models.Model):
    id = models.CharField(primary_key=True, max_length=64, default=new_id)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="application_credentials")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="application_credentials")
    secret_hash = models.CharField(max_length=255)
    roles = models.ManyToManyField(Role, related_name="+")
    expires_at = models.DateTimeField(null=True, blank=True)
    unrestricted = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="identity_app_cred_name_per_user")]

    def check_secret(self, raw: str) -> bool:
        return check_password(raw, self.secret_hash)


class Token(models.Model):
    """An issued token, known only by the SHA-256 of its value; it dies with its user, project or domain."""

    token_hash = models.CharField(primary_key=True, max_length=64)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    domain = models.ForeignKey(Domain, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    system = models.BooleanField(default=False)
    application_credential = models.ForeignKey(ApplicationCredential, null=True, blank=True,
                                               on_delete=models.CASCADE, related_name="tokens")
    methods = models.JSONField(default=list)
    audit_ids = models.JSONField(default=list)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)


class FailedLogin(models.Model):
    """Failed authentications counted per key (`user:<id>` or `address:<ip>`) in a sliding window."""

    key = models.CharField(primary_key=True, max_length=300)
    count = models.PositiveIntegerField(default=0)
    first_at = models.DateTimeField()
