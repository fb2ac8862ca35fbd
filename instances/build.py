"""The boot chain's entry points, called by the API once the instance rows are committed.

    conductor.check_quota -> scheduler.select_destinations -> conductor.build_instances
        -> compute.build_and_run_instance on each chosen host's queue

A Celery chain of immutable signatures with one error handler (`conductor.build_failed`): the
scheduler step hands the claimed destinations on by replacing itself with the build step, which
replaces itself with the builds on the hosts (`Task.replace`), so no step waits on another.
"""
from celery import chain

from scheduling.models import RequestSpecRecord
from xcompute_site.celery import app

CHECK_QUOTA = "conductor.check_quota"
SELECT_DESTINATIONS = "scheduler.select_destinations"
BUILD_FAILED = "conductor.build_failed"
DELETE_INSTANCE = "conductor.delete_instance"


def boot_chain(instance_uuids: list[str], *, check_quota: bool = True):
    """The chain for these instances: quota (unless rescheduling), then scheduling, one error handler."""
    steps = [CHECK_QUOTA] if check_quota else []
    signatures = [app.signature(name, kwargs={"instance_uuids": instance_uuids}, immutable=True)
                  for name in [*steps, SELECT_DESTINATIONS]]
    return chain(*signatures).on_error(app.signature(BUILD_FAILED, kwargs={"instance_uuids": instance_uuids}))


def schedule(instance_uuids: list[str]) -> None:
    """Schedule and build instances whose request specs are stored again (a reschedule)."""
    boot_chain(instance_uuids, check_quota=False).apply_async()


def start(instances, request_spec: dict) -> None:
    """Store each instance's request spec and start its chain: quota first, then scheduling."""
    uuids = [str(instance.uuid) for instance in instances]
    RequestSpecRecord.objects.bulk_create([RequestSpecRecord(instance_uuid=uuid, spec=request_spec) for uuid in uuids],
                                          ignore_conflicts=True)
    boot_chain(uuids).apply_async()


def delete(instance) -> None:
    """A server on a host, now `deleting`: the conductor has its host remove it, then frees its claim."""
    app.send_task(DELETE_INSTANCE, kwargs={"instance_uuid": str(instance.uuid)})
