"""The virt driver interface the agent's tasks call: small, and in frozen values only."""
from abc import ABC, abstractmethod

from hostagent.virt.types import HostResources, InstanceSpec, VncEndpoint


class ComputeDriver(ABC):
    @abstractmethod
    def host_resources(self) -> HostResources:
        """The host's CPUs, memory and instance disk, before reserves and ratios."""

    @abstractmethod
    def spawn(self, instance: InstanceSpec) -> int:
        """Define and start the instance's guest (idempotent: an existing one is started); its power state."""

    @abstractmethod
    def destroy(self, instance_uuid: str) -> None:
        """Stop and remove the guest and its files; a guest that is already gone is fine."""

    @abstractmethod
    def power_state(self, instance_uuid: str) -> int:
        """The guest's power state (hostagent.virt.types codes); InstanceNotFound when there is none."""

    @abstractmethod
    def instance_uuids(self) -> list[str]:
        """The uuids of the instances this host runs."""

    def console_endpoint(self, instance_uuid: str) -> VncEndpoint | None:
        """Where the running guest's VNC server listens; None for a driver or guest without one."""
        return None
