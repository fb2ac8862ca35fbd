"""One virt driver per simulated host behind the single driver the agent's tasks are bound to.

`hostagent.tasks` binds its tasks to one driver, as a real agent has one host. The fleet process
consumes every simulated host's queue with one worker, so the driver it hands to the tasks picks
the host's own driver per task, from the `host` kwarg that routed the task to that host's queue
(hostagent.queues.route_task): the same kwarg, so a task can only act on the host it was sent to.
"""
from hostagent.virt.base import ComputeDriver
from hostagent.virt.exceptions import VirtError
from hostagent.virt.libvirt.driver import LibvirtDriver
from hostagent.virt.types import HostResources, InstanceSpec


class FailingBuildDriver(LibvirtDriver):
    """A simulated host whose builds always fail (XCOMPUTE_SIMULATED_FAILING_HOSTS): a reschedule on demand."""

    def spawn(self, instance: InstanceSpec) -> int:
        raise VirtError(f"simulated build failure of {instance.uuid}: this host is listed in "
                        "XCOMPUTE_SIMULATED_FAILING_HOSTS")


def host_drivers(uris: dict[str, str], instances_path: str, failing_hosts=frozenset()) -> dict[str, LibvirtDriver]:
    """A driver per host on its own node file; connections open at first use, so idle hosts cost nothing."""
    return {host: (FailingBuildDriver if host in failing_hosts else LibvirtDriver)(uri, instances_path)
            for host, uri in uris.items()}


class HostDispatchDriver(ComputeDriver):
    """Calls the driver of the host named in the running task's `host` kwarg."""

    def __init__(self, app, drivers: dict[str, ComputeDriver]):
        self.app, self.drivers = app, drivers

    def current(self) -> ComputeDriver:
        """The running task's host driver; a task for a host this process does not serve is refused."""
        task = self.app.current_task
        host = (task.request.kwargs or {}).get("host") if task is not None else None
        try:
            return self.drivers[host]
        except KeyError:
            raise VirtError(f"host {host!r} is not one of this process's simulated hosts") from None

    def host_resources(self) -> HostResources:
        return self.current().host_resources()

    def spawn(self, instance: InstanceSpec) -> int:
        return self.current().spawn(instance)

    def destroy(self, instance_uuid: str) -> None:
        self.current().destroy(instance_uuid)

    def power_state(self, instance_uuid: str) -> int:
        return self.current().power_state(instance_uuid)

    def instance_uuids(self) -> list[str]:
        return self.current().instance_uuids()

    def power_off(self, instance_uuid: str, timeout: float) -> int:
        return self.current().power_off(instance_uuid, timeout)

    def power_on(self, instance_uuid: str) -> int:
        return self.current().power_on(instance_uuid)

    def reboot(self, instance_uuid: str, *, hard: bool, timeout: float) -> int:
        return self.current().reboot(instance_uuid, hard=hard, timeout=timeout)

    def pause(self, instance_uuid: str) -> int:
        return self.current().pause(instance_uuid)

    def unpause(self, instance_uuid: str) -> int:
        return self.current().unpause(instance_uuid)

    def suspend(self, instance_uuid: str) -> int:
        return self.current().suspend(instance_uuid)

    def resume(self, instance_uuid: str) -> int:
        return self.current().resume(instance_uuid)

    def rebuild(self, instance: InstanceSpec, *, power_on: bool) -> int:
        return self.current().rebuild(instance, power_on=power_on)

    def console_output(self, instance_uuid: str, length: int | None = None) -> str:
        return self.current().console_output(instance_uuid, length)

    def force_power_off(self, instance_uuid: str) -> int:
        return self.current().force_power_off(instance_uuid)

    def close(self) -> None:
        for driver in self.drivers.values():
            driver.close()
