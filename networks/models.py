"""Networks, subnets, ports and the addresses allocated to ports (Neutron's core resources).

An address is a row in `IPAllocation`, unique per subnet: two ports can never hold the same
address, whatever allocates it; the allocator also locks the subnet so it never has to retry.
"""
import uuid

from django.db import models


class StandardAttributes(models.Model):
    """What every Neutron resource carries: description, timestamps and a revision number."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=255, blank=True, default="")
    project_id = models.CharField(max_length=255, db_index=True)
    description = models.CharField(max_length=255, blank=True, default="")
    revision_number = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Network(StandardAttributes):
    admin_state_up = models.BooleanField(default=True)
    shared = models.BooleanField(default=False)
    mtu = models.PositiveIntegerField(default=1500)
    # The network `networks: auto` picks when a project has none of its own.
    is_default = models.BooleanField(default=False)
    # Neutron's provider extension: `local` is a NAT network of each host, `flat` bridges the guests
    # to the host bridge its physical network maps to (XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS).
    network_type = models.CharField(max_length=16, default="local")
    physical_network = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        # Neutron's flat type driver: a physical network carries one flat network (the API checks first
        # for the 409; this backs it against two concurrent creates).
        constraints = [models.UniqueConstraint(fields=["physical_network"], condition=models.Q(network_type="flat"),
                                               name="flat_network_per_physnet")]

    def __str__(self):
        return f"{self.name or '(no name)'} ({self.id})"


class Subnet(StandardAttributes):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="subnets")
    ip_version = models.PositiveSmallIntegerField(default=4)
    cidr = models.CharField(max_length=64)
    gateway_ip = models.GenericIPAddressField(null=True, blank=True)
    # [{"start": ..., "end": ...}], inside the CIDR, never overlapping, never holding the gateway.
    allocation_pools = models.JSONField(default=list)
    dns_nameservers = models.JSONField(default=list)
    host_routes = models.JSONField(default=list)
    enable_dhcp = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.cidr} ({self.id})"


class Port(StandardAttributes):
    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="ports")
    mac_address = models.CharField(max_length=17, unique=True)
    admin_state_up = models.BooleanField(default=True)
    status = models.CharField(max_length=16, default="DOWN")
    device_id = models.CharField(max_length=255, blank=True, default="", db_index=True)
    device_owner = models.CharField(max_length=255, blank=True, default="")
    binding_host_id = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.mac_address} ({self.id})"


class IPAllocation(models.Model):
    port = models.ForeignKey(Port, on_delete=models.CASCADE, related_name="fixed_ips")
    subnet = models.ForeignKey(Subnet, on_delete=models.PROTECT, related_name="allocations")
    ip_address = models.GenericIPAddressField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["subnet", "ip_address"], name="ip_allocation_unique")]

    def __str__(self):
        return self.ip_address


class NetworkQuota(models.Model):
    """A project's own limit for one resource; projects without one get the configured default."""

    project_id = models.CharField(max_length=255)
    resource = models.CharField(max_length=32)
    limit = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project_id", "resource"], name="network_quota_unique")]

    def __str__(self):
        return f"{self.project_id} {self.resource}={self.limit}"
