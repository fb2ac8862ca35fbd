"""Attaching ports to a server and detaching them (os-interface), as Nova's compute API does it.

Nova makes these RPC calls: the user learns the outcome in the response. So the API allocates (or
takes over) the port, records it in the network info cache, and calls the host, which plugs the NIC
live; a host that fails or does not answer gets everything rolled back: the port freed, the cache
as it was, the action's event an error. Detach is the reverse, port freed once the host unplugged it.
"""
import logging

from django.conf import settings
from django.db import transaction
from rest_framework import exceptions

from hostagent.operations import ATTACH_INTERFACE, DETACH_INTERFACE
from instances import actions, networking
from instances.choices import VmState
from instances.exceptions import InstanceNotReady
from instances.models import Instance
from instances.services.records import check_not_locked, check_state
from openstack_api.request_id import current_request_id
from xcompute_site import calls

logger = logging.getLogger(__name__)
STATES = (VmState.ACTIVE, VmState.PAUSED, VmState.STOPPED)
ATTACH, DETACH = "attach_interface", "detach_interface"


class InterfaceFailed(exceptions.APIException):
    status_code = 500


def _check(context, instance: Instance, action: str) -> None:
    check_not_locked(context, instance)
    check_state(instance, action, STATES, task_state_must_be_none=True)
    if not instance.host:
        raise InstanceNotReady(instance.uuid)


def _call_host(instance: Instance, task: str, vif: dict) -> str | None:
    """The host's error message, or None once it did it."""
    from xcompute_site.celery import app

    try:
        answer = calls.call(app, task, {"host": instance.host, "instance_uuid": str(instance.uuid),
                                        "nic": networking.nic(vif)}, timeout=settings.XCOMPUTE_HOST_CALL_TIMEOUT)
    except calls.CallTimeout:
        return f"host {instance.host} did not answer in time"
    return answer.get("message") if "error" in answer else None


def _set_network_info(instance: Instance, change) -> list[dict]:
    """Apply `change` to the cache under the row's lock (two attaches at once both stay)."""
    with transaction.atomic():
        locked = Instance.objects.select_for_update().get(pk=instance.pk)
        info = change(list(locked.network_info))
        Instance.objects.filter(pk=instance.pk).update(network_info=info)
        return info


def attach(context, instance: Instance, *, port_id=None, net_id=None, fixed_ip=None) -> dict:
    """Plug a port (given, or made on `net_id`, or on the network `auto` picks) into the server; its VIF."""
    _check(context, instance, ATTACH)
    if port_id:
        wanted = [{"port": port_id}]
    elif net_id:
        wanted = [{"uuid": net_id, **({"fixed_ip": fixed_ip} if fixed_ip else {})}]
    else:
        wanted = "auto"
    [request] = networking.resolve_requested(context, wanted, 1) or [None]
    if request is None:
        raise exceptions.ValidationError({"detail": "No network to attach to: give port_id or net_id"})
    actions.start(instance, ATTACH, context)
    request_id = current_request_id()
    actions.event_start(instance.uuid, request_id, f"compute_{ATTACH}", instance.host)
    try:
        vif = networking.allocate_one(instance, instance.host, request)
    except networking.NetworkAllocationFailed as exc:
        actions.event_finish(instance.uuid, request_id, f"compute_{ATTACH}", "Error", str(exc), instance.host)
        raise exceptions.ValidationError({"detail": str(exc)}) from None
    _set_network_info(instance, lambda info: [*info, vif])
    error = _call_host(instance, ATTACH_INTERFACE, vif)
    if error:
        _set_network_info(instance, lambda info: [v for v in info if v["port_id"] != vif["port_id"]])
        networking.deallocate_one(vif)
        actions.event_finish(instance.uuid, request_id, f"compute_{ATTACH}", "Error", error, instance.host)
        logger.warning("attaching port %s to %s failed: %s", vif["port_id"], instance.uuid, error)
        raise InterfaceFailed(f"Failed to attach network adapter device to {instance.uuid}")
    if instance.vm_state == VmState.ACTIVE:
        networking.activate(str(instance.uuid))
    actions.event_finish(instance.uuid, request_id, f"compute_{ATTACH}", host=instance.host)
    actions.finish(instance.uuid, request_id)
    return vif


def detach(context, instance: Instance, port_id: str) -> None:
    _check(context, instance, DETACH)
    vif = next((vif for vif in instance.network_info if vif["port_id"] == port_id), None)
    if vif is None:
        raise exceptions.NotFound(f"Port {port_id} is not attached")
    actions.start(instance, DETACH, context)
    request_id = current_request_id()
    actions.event_start(instance.uuid, request_id, f"compute_{DETACH}", instance.host)
    error = _call_host(instance, DETACH_INTERFACE, vif)
    if error:
        actions.event_finish(instance.uuid, request_id, f"compute_{DETACH}", "Error", error, instance.host)
        raise InterfaceFailed(f"Failed to detach network adapter device from {instance.uuid}")
    _set_network_info(instance, lambda info: [v for v in info if v["port_id"] != port_id])
    networking.deallocate_one(vif)
    actions.event_finish(instance.uuid, request_id, f"compute_{DETACH}", host=instance.host)
    actions.finish(instance.uuid, request_id)
