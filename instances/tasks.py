"""The conductor's tasks of the boot and delete paths: thin wrappers over `instances.lifecycle`."""
from instances import lifecycle, power_sync, quotas
from xcompute_site.celery import app

BUILD = "compute.build_and_run_instance"
TERMINATE = "compute.terminate_instance"


@app.task(name="conductor.check_quota")
def check_quota(instance_uuids: list[str]) -> None:
    lifecycle.scheduling_started(instance_uuids)
    quotas.check(instance_uuids)


@app.task(name="conductor.build_instances", bind=True)
def build_instances(self, instance_uuids: list[str], destinations: list[dict]):
    """Pin each instance to its claimed host and hand its build to that host's queue."""
    builds = [app.signature(BUILD, kwargs={"host": host, "instance": instance}, immutable=True)
              for host, instance in lifecycle.assign_hosts(destinations)]
    # One build per host queue, each on its own: replacing this task with a group of them would make
    # Celery wait on them as a chord, which needs a result backend this design does without.
    for build in builds[1:]:
        build.apply_async()
    if builds:
        raise self.replace(builds[0])


@app.task(name="conductor.build_failed")
def build_failed(request, exc, traceback, instance_uuids: list[str]) -> None:
    """The chain's error handler: quota or no valid host (or a crash) puts the instances in ERROR."""
    lifecycle.fail_builds(instance_uuids, exc)


@app.task(name="conductor.instance_spawned", ignore_result=True)
def instance_spawned(instance_uuid: str, host: str, power_state: int) -> None:
    lifecycle.spawned(instance_uuid, host, power_state)


@app.task(name="conductor.instance_build_failed", ignore_result=True)
def instance_build_failed(instance_uuid: str, host: str, message: str, details: str = "") -> None:
    lifecycle.build_failed_on_host(instance_uuid, host, message, details)


@app.task(name="conductor.delete_instance", bind=True)
def delete_instance(self, instance_uuid: str):
    host = lifecycle.host_to_terminate(instance_uuid)
    if host is not None:
        raise self.replace(app.signature(TERMINATE, kwargs={"host": host, "instance_uuid": instance_uuid},
                                         immutable=True))
    lifecycle.terminated(instance_uuid, None)


@app.task(name="conductor.instance_terminated", ignore_result=True)
def instance_terminated(instance_uuid: str, host: str) -> None:
    lifecycle.terminated(instance_uuid, host)


# The power-state sync (instances.power_sync): hosts report, the conductor decides.
@app.task(name="conductor.sync_power_states", ignore_result=True)
def sync_power_states(host: str, states: dict, observed_at: float) -> None:
    power_sync.sync_host(host, states, observed_at)


@app.task(name="conductor.sync_instance_power_state", ignore_result=True)
def sync_instance_power_state(host: str, instance_uuid: str, power_state: int, observed_at: float) -> None:
    power_sync.sync_instance(instance_uuid, host, power_state, observed_at)


@app.task(name="conductor.sync_power_off_done", ignore_result=True)
def sync_power_off_done(host: str, instance_uuid: str, power_state: int | None, error: str = "") -> None:
    power_sync.powered_off(instance_uuid, host, power_state, error)


from instances import operation_tasks  # noqa: E402,F401  (the server operations' reports, on the same worker)
