"""The service cells of the dashboard's pages, rendered one way for the page and for its live updates.

Each cell carries `data-live="service:<id>:<field>"` (see instances.admin_cells for why).
"""
from django.utils.html import format_html

from hosts import health


def _cell(service, field: str, html: str, *args) -> str:
    return format_html('<span data-live="service:{}:{}">' + html + "</span>", service.pk, field, *args)


def state(service, now=None) -> str:
    up = health.state(service, now)
    return _cell(service, "state", '<b style="color:{}">{}</b>', "#2e7d32" if up == "up" else "#c62828", up)


def status(service, now=None) -> str:
    return _cell(service, "status", "{}", "disabled" if service.disabled else "enabled")


def disabled_reason(service, now=None) -> str:
    return _cell(service, "disabled_reason", "{}", service.disabled_reason or "-")


def forced_down(service, now=None) -> str:
    return _cell(service, "forced_down", "{}", "yes" if service.forced_down else "no")


def last_seen_up(service, now=None) -> str:
    seen = service.last_seen_up.strftime("%Y-%m-%d %H:%M:%S") if service.last_seen_up else "-"
    return _cell(service, "last_seen_up", "{}", seen)


CELLS = {"state": state, "status": status, "disabled_reason": disabled_reason, "forced_down": forced_down,
         "last_seen_up": last_seen_up}


def render_all(service, now=None) -> dict[str, str]:
    """Every cell, the state as seen at `now` (the others do not depend on it)."""
    return {field: render(service, now) for field, render in CELLS.items()}
