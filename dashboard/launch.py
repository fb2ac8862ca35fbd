"""The "Launch instance" page: a form whose submit is a POST /servers by the signed-in operator.

The form only offers choices; on submit it builds the body a client would send and hands it to the
API's own create (`instances.api.create_body.create_servers`) with the operator's RequestContext,
so policy, quota, the build chain and the `create` instance action (the operator as actor) apply
exactly as they do for the API. Whatever the API refuses (a 400, a 403 over quota, a 409) is shown
on the form, and nothing is created.

The launch is made in the `admin` project unless the operator switches to another project they hold
a role on (`?project=<id>`); the choices offered (images, networks) are then that project's, and the
form carries the project it was drawn for, so what is shown is what is launched into.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from rest_framework.exceptions import APIException

from dashboard.actions import refusal
from dashboard.operator import context_of, projects_of
from flavors.models import Flavor
from hosts import availability_zones
from images.choices import Status
from images.services.access import visible_images
from instances import networking
from instances.api.create_body import create_servers
from keypairs import services as keypairs
from openstack_api.microversions import COMPUTE

TEMPLATE = "admin/instances/instance/launch.html"
AUTO, NONE = "auto", "none"


class LaunchForm(forms.Form):
    """What a boot needs, as choices drawn from what the chosen project may use."""

    project = forms.ChoiceField(widget=forms.HiddenInput, required=False)  # none: the admin project
    name = forms.CharField(max_length=255)
    flavor = forms.ChoiceField(help_text="Public, enabled flavors.")
    image = forms.ChoiceField(help_text="Active images.")
    network = forms.ChoiceField(help_text="auto: the project's network, else the default shared one.")
    availability_zone = forms.ChoiceField(required=False, label="Availability zone")
    key_name = forms.ChoiceField(required=False, label="Key pair", help_text="Your own key pairs.")
    count = forms.IntegerField(min_value=1, initial=1, help_text="All of them are launched, or none.")

    def __init__(self, context, projects, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(project.id, project.name) for project in projects]
        self.fields["project"].initial = context.project_id
        self.fields["flavor"].choices = [
            (flavor.flavorid, f"{flavor.name} ({flavor.vcpus} vCPU, {flavor.memory_mb} MB RAM, {flavor.root_gb} GB disk)")
            for flavor in Flavor.objects.filter(is_public=True, disabled=False).order_by("memory_mb", "name")]
        self.fields["image"].choices = [
            (str(image.id), image.name or str(image.id))
            for image in visible_images(context).filter(status=Status.ACTIVE).order_by("name", "id")]
        self.fields["network"].choices = [(AUTO, "auto"), (NONE, "none (no network interface)")] + [
            (str(network.id), network.name or str(network.id))
            for network in networking.available(context).order_by("name", "id")]
        self.fields["availability_zone"].choices = [("", "any")] + [
            (zone, zone) for zone in sorted(availability_zones.available())]
        self.fields["key_name"].choices = [("", "none")] + [
            (keypair.name, keypair.name) for keypair in keypairs.page(context.user_id)]

    def body(self) -> dict:
        """The POST /servers body of the cleaned form: `count` servers, all or nothing (min = max)."""
        data = self.cleaned_data
        network = data["network"]
        server = {"name": data["name"], "flavorRef": data["flavor"], "imageRef": data["image"],
                  "networks": network if network in (AUTO, NONE) else [{"uuid": network}],
                  "min_count": data["count"], "max_count": data["count"]}
        if data["availability_zone"]:
            server["availability_zone"] = data["availability_zone"]
        if data["key_name"]:
            server["key_name"] = data["key_name"]
        return {"server": server}


def launch_view(modeladmin, request):
    """GET shows the form; a valid POST creates the servers and goes to the new one (or to the list)."""
    if not modeladmin.has_view_permission(request):
        raise PermissionDenied
    projects = projects_of(request)
    wanted = (request.POST if request.method == "POST" else request.GET).get("project")
    project = next((project for project in projects if project.id == wanted), None)
    context = context_of(request, project)
    form = LaunchForm(context, projects, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            instances, reservation_id, _ = create_servers(context, form.body(), COMPUTE.max_version)
        except APIException as error:
            form.add_error(None, f"The launch was refused ({refusal(error)}).")
        else:
            return _launched(modeladmin, request, instances, reservation_id)
    page = {**modeladmin.admin_site.each_context(request), "title": "Launch instance", "form": form,
            "opts": modeladmin.model._meta, "projects": projects, "project_id": context.project_id,
            "project_name": context.project_name, "roles": ", ".join(context.roles) or "none"}
    return TemplateResponse(request, TEMPLATE, page)


def _launched(modeladmin, request, instances, reservation_id: str) -> HttpResponseRedirect:
    if len(instances) == 1:
        instance = instances[0]
        modeladmin.message_user(request, f"Launching {instance.display_name} ({instance.uuid}).", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:instances_instance_change", args=[instance.pk]))
    modeladmin.message_user(request, f"Launching {len(instances)} instances (reservation {reservation_id}).",
                            messages.SUCCESS)
    return HttpResponseRedirect(f"{reverse('admin:instances_instance_changelist')}?reservation_id={reservation_id}")
