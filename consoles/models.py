"""Console tokens, stored only as hashes, and the VNC endpoints of running guests."""
from django.db import models


class ConsoleAuthToken(models.Model):
    """A console token: bound to an instance, the compute host it ran on and that host's VNC endpoint."""

    token_hash = models.CharField(max_length=64, unique=True)
    console_type = models.CharField(max_length=32, default="novnc")
    instance_uuid = models.UUIDField(db_index=True)
    # The compute host the instance was on when the token was issued: a move makes the token void.
    compute_host = models.CharField(max_length=255, blank=True, default="")
    # Where the proxy connects: the VNC server's address on that host, and its port.
    host = models.CharField(max_length=255)
    port = models.PositiveIntegerField()
    internal_access_path = models.CharField(max_length=255, blank=True, default="")
    expires_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)


class ConsoleEndpoint(models.Model):
    """Where a running guest's VNC server listens, as its host's agent read it from the live domain.

    Written by the conductor only (`conductor.console_endpoint`), each time the agent starts the guest:
    libvirt's autoport picks the port when QEMU starts, so only the host knows it.
    """

    instance_uuid = models.UUIDField(unique=True)
    compute_host = models.CharField(max_length=255)
    address = models.CharField(max_length=255)
    port = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)
