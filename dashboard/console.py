"""The instance page's Console button: a noVNC URL made as POST /servers/{id}/remote-consoles makes it.

A POST (with the admin's CSRF check), because every press issues a new console token. The URL comes
from the consoles app's own service with the operator's RequestContext and the API's policy, so the
token is checked, stored hashed and expires like any other; the browser is sent straight to it.
A refusal (the guest is not running on its host, no VNC endpoint reported: a 409) is an error
message on the instance's page instead.
"""
from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from rest_framework.exceptions import APIException

from consoles import policies as console_policies
from consoles import services as consoles
from dashboard.actions import refusal
from dashboard.operator import context_of
from instances import policies
from openstack_api.policy import authorize


def console_view(modeladmin, request, object_id):
    """Redirect to a new noVNC console URL of the instance, or back to its page with the refusal."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    instance = modeladmin.get_object(request, object_id)
    if instance is None or not modeladmin.has_view_permission(request, instance):
        raise Http404
    try:
        authorize(context_of(request), console_policies.REMOTE_CONSOLES, policies.target(instance))
        url = consoles.console_url(instance, "vnc", "novnc")
    except APIException as error:
        modeladmin.message_user(request, f"No console for {instance.display_name} ({refusal(error)}).",
                                messages.ERROR)
        return HttpResponseRedirect(reverse("admin:instances_instance_change", args=[instance.pk]))
    return HttpResponseRedirect(url)
