"""Frozen values the virt driver returns; nothing here imports libvirt."""
from dataclasses import dataclass


@dataclass(frozen=True)
class HostResources:
    """What a hypervisor host has, before reserves and allocation ratios."""

    hypervisor_hostname: str
    hypervisor_type: str
    vcpus: int
    memory_mb: int
    disk_gb: int
