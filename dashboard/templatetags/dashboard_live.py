"""`{% live_updates %}`: the live-update script of a signed-in operator's page, with its settings."""
from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html

from dashboard.live.routing import PATH

register = template.Library()


@register.simple_tag(takes_context=True)
def live_updates(context) -> str:
    user = context.get("user")
    if user is None or not user.is_authenticated or not user.is_staff:
        return ""
    return format_html('<script src="{}" defer data-live-path="/{}" data-refresh-seconds="{}"></script>',
                       static("dashboard/live.js"), PATH, settings.XCOMPUTE_DASHBOARD_REFRESH_SECONDS)
