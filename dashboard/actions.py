"""Run an admin action row by row through a service, reporting each refusal (a 409...) as an admin message."""
from django.contrib import messages
from rest_framework.exceptions import APIException

from dashboard.operator import context_of


def refusal(error: APIException) -> str:
    """An API refusal as operators read it: the status code and the API's own message."""
    detail = error.detail
    if isinstance(detail, dict):
        detail = detail.get("detail", detail)
    return f"{error.status_code}: {detail}"


def for_each(modeladmin, request, queryset, verb: str, call) -> None:
    """call(context, row) for each row; one success message, one error message per refused row."""
    context, done = context_of(request), 0
    for row in queryset:
        try:
            call(context, row)
            done += 1
        except APIException as error:
            modeladmin.message_user(request, f"{row}: {verb} refused ({refusal(error)})", messages.ERROR)
    if done:
        modeladmin.message_user(request, f"{verb}: {done} done", messages.SUCCESS)
