"""The virt driver interface the agent's tasks call: small, and in frozen values only."""
from abc import ABC, abstractmethod

from hostagent.virt.exceptions import InstanceNotFound
from hostagent.virt.types import HostResources, InstanceSpec, Nic, VncEndpoint


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

    def attach_interface(self, instance_uuid: str, nic: Nic) -> None:
        """Plug a port into the guest (live when it runs, and in its definition); a driver without NICs does nothing."""
        return None

    def detach_interface(self, instance_uuid: str, nic: Nic) -> None:
        """Unplug the port from the guest (live and from its definition); gone already is fine."""
        return None

    def console_endpoint(self, instance_uuid: str) -> VncEndpoint | None:
        """Where the running guest's VNC server listens; None for a driver or guest without one."""
        return None

    # The lifecycle of a guest that exists (issue 6): each returns the guest's power state afterwards.
    @abstractmethod
    def power_off(self, instance_uuid: str, timeout: float) -> int:
        """ACPI power button, pressed again until the guest is off or `timeout` seconds pass; then destroy it."""

    @abstractmethod
    def power_on(self, instance_uuid: str) -> int:
        """Start the guest that is defined (a guest already running is fine)."""

    @abstractmethod
    def reboot(self, instance_uuid: str, *, hard: bool, timeout: float) -> int:
        """Soft: ACPI shutdown then start, hard when the guest does not go off within `timeout`. Hard: reset."""

    @abstractmethod
    def pause(self, instance_uuid: str) -> int:
        """Freeze the guest's vCPUs in memory."""

    @abstractmethod
    def unpause(self, instance_uuid: str) -> int:
        """Let a paused guest run again."""

    @abstractmethod
    def suspend(self, instance_uuid: str) -> int:
        """Save the guest's memory to disk and stop it (libvirt's managed save)."""

    @abstractmethod
    def resume(self, instance_uuid: str) -> int:
        """Restore a suspended guest from its saved memory."""

    @abstractmethod
    def rebuild(self, instance: InstanceSpec, *, power_on: bool) -> int:
        """The same guest on a new root disk from `instance.image_uuid`; left off unless `power_on`."""

    @abstractmethod
    def console_output(self, instance_uuid: str, length: int | None = None) -> str:
        """The tail of the guest's serial console log: the last `length` lines, all of it for None or -1."""

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
