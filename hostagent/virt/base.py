"""The virt driver interface the agent's tasks call: small, and in frozen values only."""
from abc import ABC, abstractmethod

from hostagent.virt.exceptions import InstanceNotFound
from hostagent.virt.types import HostResources, InstanceSpec


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

    @abstractmethod
    def force_power_off(self, instance_uuid: str) -> int:
        """Turn the guest off at once, keeping its definition and disks (the power-state sync's stop); its power state."""

    def power_states(self) -> dict[str, int]:
        """The power state of every instance guest on the host (one that vanishes meanwhile is left out)."""
        states = {}
        for uuid in self.instance_uuids():
            try:
                states[uuid] = self.power_state(uuid)
            except InstanceNotFound:
                continue
        return states
