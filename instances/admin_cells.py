"""The instance cells of the dashboard's pages, rendered one way for the page and for its live updates.

Each cell carries `data-live="instance:<uuid>:<field>"`: the page's script replaces it with the same
cell rendered again when the instance changes (dashboard.live), so a live page and a reloaded one
can never differ.
"""
from django.utils.html import format_html

from instances import networking
from instances.choices import PowerState
from instances.status import status_of

# Badge colours of the statuses an operator must notice; the others are brown.
BADGE_COLOURS = {"ACTIVE": "#2e7d32", "ERROR": "#c62828", "SHUTOFF": "#616161", "BUILD": "#1565c0",
                 "DELETED": "#424242"}


def _cell(instance, field: str, html: str, *args) -> str:
    return format_html('<span data-live="instance:{}:{}">' + html + "</span>", instance.uuid, field, *args)


def status(instance) -> str:
    text = status_of(instance.vm_state, instance.task_state)
    return _cell(instance, "status",
                 '<span class="status-badge" style="background:{};color:#fff;padding:1px 6px;border-radius:3px">'
                 "{}</span>", BADGE_COLOURS.get(text, "#8d6e63"), text)


def task_state(instance) -> str:
    return _cell(instance, "task_state", "{}", instance.task_state or "-")


def power_state(instance) -> str:
    try:
        label = PowerState(instance.power_state).name
    except ValueError:
        label = str(instance.power_state)
    return _cell(instance, "power_state", "{}", label)


def host(instance) -> str:
    return _cell(instance, "host", "{}", instance.host or "-")


def ips(instance) -> str:
    addresses = ", ".join(entry["addr"] for entries in networking.addresses(instance.network_info).values()
                          for entry in entries)
    return _cell(instance, "ips", "{}", addresses)


CELLS = {"status": status, "task_state": task_state, "power_state": power_state, "host": host, "ips": ips}


def render_all(instance) -> dict[str, str]:
    return {field: render(instance) for field, render in CELLS.items()}
