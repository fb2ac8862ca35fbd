"""System check: scheduler settings naming unknown filters or weighers, or impossible numbers, are refused."""
import math

from django.conf import settings
from django.core.checks import Error, register

from scheduling import registry


@register()
def check_scheduler_configuration(app_configs=None, **kwargs):
    return [
        *_unknown("XCOMPUTE_SCHEDULER_FILTERS", registry.FILTERS, "filter", "xcompute.E201"),
        *_unknown("XCOMPUTE_SCHEDULER_WEIGHERS", registry.WEIGHERS, "weigher", "xcompute.E202"),
        *_bad_multipliers(),
        *_below_one("XCOMPUTE_SCHEDULER_MAX_ATTEMPTS", "xcompute.E204"),
        *_below_one("XCOMPUTE_SCHEDULER_HOST_SUBSET_SIZE", "xcompute.E205"),
        *_below_one("XCOMPUTE_MAX_INSTANCES_PER_HOST", "xcompute.E206"),
        *_below("XCOMPUTE_MAX_IO_OPS_PER_HOST", 0, "xcompute.E207"),
    ]


def _unknown(setting: str, known, kind: str, check_id: str) -> list[Error]:
    unknown = registry.unknown_names(getattr(settings, setting), known)
    if not unknown:
        return []
    return [Error(f"{setting} names unknown {kind}(s) {', '.join(unknown)}",
                  hint=f"Known: {', '.join(known)}", id=check_id)]


def _bad_multipliers() -> list[Error]:
    """Multipliers must be finite numbers; the soft group ones not negative (Nova's minimum 0.0)."""
    problems = []
    for weigher in registry.WEIGHERS.values():
        setting = weigher.multiplier_setting
        value = getattr(settings, setting)
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            problems.append(Error(f"{setting}={value!r} is not a finite number", id="xcompute.E203"))
        elif weigher.minimum_multiplier is not None and number < weigher.minimum_multiplier:
            problems.append(Error(f"{setting}={value!r} is below {weigher.minimum_multiplier}", id="xcompute.E203"))
    return problems


def _below_one(setting: str, check_id: str) -> list[Error]:
    return _below(setting, 1, check_id)


def _below(setting: str, minimum: int, check_id: str) -> list[Error]:
    """Whole-number settings with Nova's minimum (1 for counts of hosts or instances, 0 for I/O ops)."""
    value = getattr(settings, setting)
    if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
        return []
    return [Error(f"{setting}={value!r} must be a whole number of at least {minimum}", id=check_id)]
