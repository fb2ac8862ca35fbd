"""The state machine: compare-and-swap transitions, the allowed-transitions table, faults."""
import pytest

from instances import faults, states
from instances.exceptions import InstanceNotFound, InvalidTransition, UnexpectedTaskState
from instances.models import Instance
from tests.instances.factories import make_instance


@pytest.fixture
def building(db):
    return make_instance(vm_state="building", task_state="scheduling")


def test_a_transition_writes_when_the_row_holds_the_expected_task_state(building):
    instance = states.transition(building.uuid, expected_task_state="scheduling", task_state="spawning",
                                 host="node1")
    stored = Instance.objects.get(pk=building.pk)
    assert (stored.task_state, stored.host) == (instance.task_state, instance.host) == ("spawning", "node1")


def test_a_transition_whose_expected_task_state_moved_on_raises_unexpected_task_state(building):
    states.transition(building.uuid, expected_task_state="scheduling", task_state="spawning")
    with pytest.raises(UnexpectedTaskState):
        states.transition(building.uuid, expected_task_state="scheduling", task_state="networking")
    assert Instance.objects.get(pk=building.pk).task_state == "spawning"


def test_a_concurrent_writer_between_read_and_write_loses_the_compare_and_swap(building, monkeypatch):
    real_filter = Instance.objects.filter

    def racing_filter(*args, **kwargs):
        if "pk" in kwargs:  # the UPDATE's row: another writer got there first
            Instance.objects.all().update(task_state="deleting")
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Instance.objects, "filter", racing_filter)
    with pytest.raises(UnexpectedTaskState) as raised:
        states.transition(building.uuid, expected_task_state="scheduling", vm_state="active", task_state=None)
    assert raised.value.actual == "deleting"


def test_the_table_refuses_a_transition_it_does_not_list(building):
    with pytest.raises(InvalidTransition):
        states.transition(building.uuid, vm_state="paused")
    deleted = states.transition(building.uuid, vm_state="deleted", task_state=None)
    with pytest.raises(InvalidTransition):
        states.transition(deleted.uuid, vm_state="active")


def test_none_in_the_expected_task_states_matches_an_idle_instance(db):
    instance = make_instance(vm_state="active", task_state=None)
    states.transition(instance.uuid, expected_task_state=(None, "powering-off"), task_state="powering-off")
    states.transition(instance.uuid, expected_task_state="powering-off", expected_vm_state="active",
                      vm_state="stopped", task_state=None, power_state=states.PowerState.SHUTDOWN)
    assert Instance.objects.get(pk=instance.pk).vm_state == "stopped"


def test_unknown_instances_and_columns_are_refused(building):
    with pytest.raises(InstanceNotFound):
        states.transition("00000000-0000-0000-0000-000000000000", task_state=None)
    with pytest.raises(TypeError):
        states.transition(building.uuid, uuid="x")


def test_a_fault_is_recorded_with_its_message_cut_to_255_characters(building):
    fault = faults.record(building.uuid, "x" * 300, code=500, details="tb", host="node1")
    assert len(fault.message) == 255 and fault.details == "tb" and building.faults.count() == 1
