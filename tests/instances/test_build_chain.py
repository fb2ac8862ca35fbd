"""The shape of the boot chain: immutable steps in the issue's order, one error handler."""
from instances import build


def test_a_boot_chain_runs_quota_then_scheduling_as_immutable_steps_with_one_error_handler():
    # given the instances of one request
    uuids = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"]
    # when its chain is built
    boot = build.boot_chain(uuids)
    # then quota comes first, then the scheduler (which replaces itself with the build step)
    assert [step.task for step in boot.tasks] == ["conductor.check_quota", "scheduler.select_destinations"]
    assert all(step.immutable and step.kwargs == {"instance_uuids": uuids} for step in boot.tasks)
    # and every step fails into the same handler, for the whole request
    (handler,) = boot.options["link_error"]
    assert (handler["task"], handler["kwargs"]) == ("conductor.build_failed", {"instance_uuids": uuids})


def test_a_reschedule_skips_the_quota_the_boot_already_counted():
    reschedule = build.boot_chain(["11111111-1111-4111-8111-111111111111"], check_quota=False)
    assert [step.task for step in reschedule.tasks] == ["scheduler.select_destinations"]
