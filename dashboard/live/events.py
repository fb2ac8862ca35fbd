"""What the writers publish: an instance or a service changed, with its dashboard cells rendered again.

Called after the change is committed (transaction.on_commit: outside a transaction that is at once),
so a page refreshing on the event reads what the event says. Cells are rendered by the same
functions as the pages (instances.admin_cells, hosts.admin_cells).
"""
from django.db import transaction

from dashboard.live.publisher import publish

INSTANCES, SERVICES = "dashboard.instances", "dashboard.services"


def _message(kind: str, key, cells: dict, **fields) -> dict:
    # `type` names the consumer's handler (live.changed -> live_changed).
    return {"type": "live.changed", "kind": kind, "id": str(key), "cells": cells, **fields}


def instance_changed(instance) -> None:
    """The instance's state, host or addresses changed (or it was created or deleted)."""
    from instances import admin_cells
    from instances.status import status_of

    message = _message("instance", instance.uuid, admin_cells.render_all(instance),
                       status=status_of(instance.vm_state, instance.task_state))
    transaction.on_commit(lambda: publish(INSTANCES, message))


def service_changed(service, now=None) -> None:
    """The service went up or down (as seen at `now`), or was enabled, disabled, forced down or registered."""
    from hosts import admin_cells, health

    message = _message("service", service.pk, admin_cells.render_all(service, now), state=health.state(service, now))
    transaction.on_commit(lambda: publish(SERVICES, message))
