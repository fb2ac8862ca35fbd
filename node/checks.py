"""System checks that refuse a misconfigured node at start-up instead of failing later."""
from django.conf import settings
from django.core.checks import Error, Warning, register

PROFILES = ("production", "demo", "test")
API_SERVICES = ("compute", "placement", "image", "network", "identity", "dashboard")
PLACEMENT_POLICY_DEFAULTS = ("legacy", "secure-rbac")


@register()
def check_configuration(app_configs=None, **kwargs):
    problems = []
    if settings.XCOMPUTE_PROFILE not in PROFILES:
        problems.append(Error(f"XCOMPUTE_PROFILE={settings.XCOMPUTE_PROFILE!r} is not one of {', '.join(PROFILES)}",
                              id="xcompute.E001"))
    if settings.XCOMPUTE_API_SERVICE not in API_SERVICES:
        problems.append(Error(f"XCOMPUTE_API_SERVICE={settings.XCOMPUTE_API_SERVICE!r} is not one of "
                              f"{', '.join(API_SERVICES)}", id="xcompute.E002"))
    if settings.XCOMPUTE_PLACEMENT_POLICY_DEFAULTS not in PLACEMENT_POLICY_DEFAULTS:
        problems.append(Error(f"XCOMPUTE_PLACEMENT_POLICY_DEFAULTS={settings.XCOMPUTE_PLACEMENT_POLICY_DEFAULTS!r} "
                              f"is not one of {', '.join(PLACEMENT_POLICY_DEFAULTS)}", id="xcompute.E005"))
    if settings.XCOMPUTE_REPORT_INTERVAL <= 0:
        problems.append(Error("XCOMPUTE_REPORT_INTERVAL must be a positive number of seconds", id="xcompute.E003"))
    elif settings.XCOMPUTE_SERVICE_DOWN_TIME <= settings.XCOMPUTE_REPORT_INTERVAL:
        problems.append(Error(
            f"XCOMPUTE_SERVICE_DOWN_TIME ({settings.XCOMPUTE_SERVICE_DOWN_TIME}s) must exceed "
            f"XCOMPUTE_REPORT_INTERVAL ({settings.XCOMPUTE_REPORT_INTERVAL}s), or healthy services flap down",
            id="xcompute.E004"))
    elif settings.XCOMPUTE_SERVICE_DOWN_TIME < 2 * settings.XCOMPUTE_REPORT_INTERVAL:
        problems.append(Warning("XCOMPUTE_SERVICE_DOWN_TIME below twice XCOMPUTE_REPORT_INTERVAL: one late "
                                "heartbeat marks a service down", id="xcompute.W001"))
    return problems
