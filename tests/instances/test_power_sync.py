"""The conductor's power-state sync: Nova's rules for a database and a hypervisor that disagree."""
import time

import pytest

from instances import power_sync
from instances.models import Instance, InstanceAction, InstanceFault
from tests.instances.factories import make_instance

RUNNING, PAUSED, SHUTDOWN, CRASHED, SUSPENDED, NOSTATE = 1, 3, 4, 6, 7, 0


@pytest.fixture
def sent(monkeypatch):
    """Tasks the conductor sends (to hosts), recorded instead of published."""
    messages = []
    monkeypatch.setattr(power_sync.app, "send_task", lambda name, **options: messages.append((name, options)))
    return messages


def later() -> float:
    """An observation time after every row the test made."""
    return time.time() + 1


def on_host(vm_state="active", power_state=RUNNING, host="hv1", **fields) -> Instance:
    return make_instance(vm_state=vm_state, power_state=power_state, host=host, node=host, **fields)


def row(instance) -> tuple:
    instance.refresh_from_db()
    return instance.vm_state, instance.task_state, instance.power_state


@pytest.mark.parametrize(("vm_state", "power_state", "action"), [
    ("active", SHUTDOWN, "stop"), ("active", CRASHED, "stop"), ("active", SUSPENDED, "power_off"),
    ("active", PAUSED, None), ("active", NOSTATE, "vanished"), ("active", RUNNING, None),
    ("stopped", RUNNING, "power_off"), ("stopped", PAUSED, "power_off"), ("stopped", SHUTDOWN, None),
    ("stopped", NOSTATE, None), ("paused", SHUTDOWN, "stop"), ("paused", RUNNING, None),
    ("suspended", RUNNING, None), ("error", SHUTDOWN, None), ("building", SHUTDOWN, None),
    ("rescued", SHUTDOWN, None), ("deleted", RUNNING, None),
])
def test_novas_rules_decide_what_a_disagreement_means(vm_state, power_state, action):
    assert power_sync.decide(vm_state, power_state).action == action


def test_an_active_instance_whose_guest_shut_itself_off_is_stopped_with_a_stop_action(admin_api):
    instance = on_host()
    power_sync.sync_instance(str(instance.uuid), "hv1", SHUTDOWN, later())
    assert row(instance) == ("stopped", None, SHUTDOWN)
    body = admin_api.get(f"/v2.1/servers/{instance.uuid}").json()["server"]
    assert (body["status"], body["OS-EXT-STS:power_state"]) == ("SHUTOFF", SHUTDOWN)
    action = InstanceAction.objects.get(instance=instance)
    assert (action.action, action.user_id, action.finish_time is not None) == ("stop", None, True)
    assert [(e.event, e.result, e.host) for e in action.events.all()] == [("compute_stop_instance", "Success", "hv1")]


def test_an_instance_with_a_task_under_way_is_left_to_its_task(db):
    instance = on_host(task_state="powering-on", vm_state="stopped", power_state=SHUTDOWN)
    power_sync.sync_instance(str(instance.uuid), "hv1", RUNNING, later())
    assert row(instance) == ("stopped", "powering-on", SHUTDOWN)


def test_a_report_from_a_host_that_does_not_own_the_instance_is_ignored(db):
    instance = on_host(host="hv2")
    power_sync.sync_instance(str(instance.uuid), "hv1", SHUTDOWN, later())
    assert row(instance) == ("active", None, RUNNING)


def test_a_report_older_than_the_instances_last_change_is_ignored(db):
    observed = time.time() - 60
    instance = on_host()
    power_sync.sync_instance(str(instance.uuid), "hv1", SHUTDOWN, observed)
    assert row(instance) == ("active", None, RUNNING)


def test_a_vanished_guest_of_an_active_instance_is_recorded_once_with_a_fault(db):
    instance = on_host()
    power_sync.sync_instance(str(instance.uuid), "hv1", NOSTATE, later())
    power_sync.sync_instance(str(instance.uuid), "hv1", NOSTATE, later())
    assert row(instance) == ("active", None, NOSTATE)
    fault = InstanceFault.objects.get(instance=instance)
    assert fault.message == f"Instance {instance.uuid} is unexpectedly not found on host hv1"


def test_a_stopped_instance_whose_guest_runs_is_powered_off_by_its_host(db, sent):
    # given a stopped instance whose guest was started behind Nova's back
    instance = on_host(vm_state="stopped", power_state=SHUTDOWN)
    # when its host reports it running, then the conductor marks it powering-off and asks the host
    power_sync.sync_instance(str(instance.uuid), "hv1", RUNNING, later())
    assert row(instance) == ("stopped", "powering-off", RUNNING)
    [(name, options)] = sent
    assert (name, options["kwargs"]) == ("compute.sync_power_off", {"host": "hv1", "instance_uuid": str(instance.uuid)})
    # and when the host has powered it off, the instance is stopped again and the stop action closed
    request_id = options["headers"]["xcompute_request_id"]
    from openstack_api import request_id as request_ids

    token = request_ids._current.set(request_id)
    try:
        power_sync.powered_off(str(instance.uuid), "hv1", SHUTDOWN)
    finally:
        request_ids._current.reset(token)
    assert row(instance) == ("stopped", None, SHUTDOWN)
    action = InstanceAction.objects.get(instance=instance)
    assert (action.action, action.request_id, action.finish_time is not None) == ("stop", request_id, True)


def test_a_failed_power_off_leaves_the_instance_to_the_next_sync(db, sent):
    instance = on_host(vm_state="stopped", power_state=SHUTDOWN)
    power_sync.sync_instance(str(instance.uuid), "hv1", RUNNING, later())
    power_sync.powered_off(str(instance.uuid), "hv1", None, error="libvirt said no")
    assert row(instance) == ("stopped", None, RUNNING)


def test_a_paused_instance_whose_guest_shut_off_is_stopped_and_an_unexpected_pause_is_only_recorded(db):
    paused, active = on_host(vm_state="paused", power_state=PAUSED), on_host()
    power_sync.sync_instance(str(paused.uuid), "hv1", SHUTDOWN, later())
    power_sync.sync_instance(str(active.uuid), "hv1", PAUSED, later())
    assert row(paused) == ("stopped", None, SHUTDOWN)
    assert row(active) == ("active", None, PAUSED)


def test_the_periodic_report_covers_every_instance_of_the_host_and_only_those(db):
    # given three instances on hv1 (one without a guest any more), one on hv2 and a deleted one on hv1
    running, off, gone = on_host(), on_host(), on_host()
    elsewhere = on_host(host="hv2")
    deleted = on_host(vm_state="deleted", power_state=NOSTATE)
    # when hv1 reports its guests (and one no instance owns)
    power_sync.sync_host("hv1", {str(running.uuid): RUNNING, str(off.uuid): SHUTDOWN,
                                 "6b1d1b1e-0000-4000-8000-000000000000": RUNNING}, later())
    # then each of its instances follows its guest, the missing one as NOSTATE
    assert [row(i) for i in (running, off, gone)] == [("active", None, RUNNING), ("stopped", None, SHUTDOWN),
                                                       ("active", None, NOSTATE)]
    assert row(elsewhere) == ("active", None, RUNNING)
    assert row(deleted) == ("deleted", None, NOSTATE)


def test_an_instance_in_agreement_is_not_written(db, django_assert_max_num_queries):
    instance = on_host()
    with django_assert_max_num_queries(1):
        power_sync.sync_host("hv1", {str(instance.uuid): RUNNING}, later())
