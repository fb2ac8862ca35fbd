"""Usage bars of the dashboard's pages: how full something is at a glance, with its figures beside it.

The bar measures against what can be used (Placement's capacity counts the allocation ratio and the
reserved amount), while the text says what the operator set, so 20 of 16 VCPU at a ratio of 16 is
a short green bar, not a full red one.
"""
from django.utils.html import format_html

FULL = 90  # percent past which a bar turns red


def percent(used: float, capacity: float) -> int:
    """Used of capacity, 0 to 100 (a capacity of nothing with something used is full)."""
    if capacity <= 0:
        return 100 if used > 0 else 0
    return min(100, round(100 * used / capacity))


def bar(used: float, capacity: float, text: str) -> str:
    """A small HTML bar of used/capacity, red past FULL percent, followed by `text` (escaped)."""
    filled = percent(used, capacity)
    colour = "#c62828" if filled > FULL else "#2e7d32"
    return format_html(
        '<div style="width:120px;background:#eee;border-radius:2px"><div style="width:{}%;background:{};'
        'height:8px;border-radius:2px"></div></div>{}', filled, colour, text)
