"""/v3/domains and /v3/projects."""
from rest_framework import exceptions
from rest_framework.response import Response

from identity.api import wire
from identity.api.base import IdentityView, boolean, get_or_404, save_unique, text
from identity.models import DEFAULT_DOMAIN_ID, Domain, Project


def listing(root, collection, records, render) -> dict:
    return {collection: [render(root, r) for r in records],
            "links": {"self": f"{root}/v3/{collection}", "previous": None, "next": None}}


def filtered(queryset, params, *fields):
    for name in fields:
        if name in params:
            value = params[name]
            queryset = queryset.filter(**{name: value.lower() in ("true", "1") if name == "enabled" else value})
    return queryset


class DomainsView(IdentityView):
    def get(self, request):
        self.authorize("list_domains")
        domains = filtered(Domain.objects.order_by("name"), request.query_params, "name", "enabled")
        return Response(listing(self.root_url, "domains", domains, wire.domain))

    def post(self, request):
        self.authorize("create_domain")
        body = self.body("domain")
        domain = Domain(name=text(body.get("name"), "domain/name", required=True),
                        description=body.get("description") or "", enabled=boolean(body.get("enabled"), "enabled")
                        is not False)
        save_unique(domain, "domain", f"name {domain.name}")
        return Response({"domain": wire.domain(self.root_url, domain)}, status=201)


class DomainView(IdentityView):
    def get(self, request, domain_id):
        self.authorize("get_domain", domain_id=domain_id)
        return Response({"domain": wire.domain(self.root_url, get_or_404(Domain.objects, "domain", domain_id))})

    def patch(self, request, domain_id):
        self.authorize("update_domain")
        domain = get_or_404(Domain.objects, "domain", domain_id)
        body = self.body("domain")
        domain.name = text(body.get("name"), "domain/name") or domain.name
        domain.description = body.get("description", domain.description) or ""
        if (enabled := boolean(body.get("enabled"), "enabled")) is not None:
            domain.enabled = enabled
        save_unique(domain, "domain", f"name {domain.name}")
        return Response({"domain": wire.domain(self.root_url, domain)})

    def delete(self, request, domain_id):
        self.authorize("delete_domain")
        domain = get_or_404(Domain.objects, "domain", domain_id)
        if domain.enabled:
            raise exceptions.PermissionDenied("Cannot delete a domain that is enabled, please disable it first.")
        domain.delete()
        return Response(status=204)


class ProjectsView(IdentityView):
    def get(self, request):
        self.authorize("list_projects")
        projects = filtered(Project.objects.order_by("name"), request.query_params, "name", "domain_id", "enabled")
        return Response(listing(self.root_url, "projects", projects, wire.project))

    def post(self, request):
        self.authorize("create_project")
        body = self.body("project")
        domain_id = body.get("domain_id") or body.get("parent_id") or DEFAULT_DOMAIN_ID
        domain = Domain.objects.filter(id=domain_id).first()
        if domain is None:
            raise exceptions.NotFound(f"Could not find domain: {domain_id}.")
        project = Project(name=text(body.get("name"), "project/name", required=True, max_length=64), domain=domain,
                          description=body.get("description") or "",
                          enabled=boolean(body.get("enabled"), "enabled") is not False, tags=body.get("tags") or [])
        save_unique(project, "project", f"name {project.name} at domain ID {domain.id}")
        return Response({"project": wire.project(self.root_url, project)}, status=201)


class ProjectView(IdentityView):
    def get(self, request, project_id):
        self.authorize("get_project", project_id=project_id)
        return Response({"project": wire.project(self.root_url, get_or_404(Project.objects, "project", project_id))})

    def patch(self, request, project_id):
        self.authorize("update_project")
        project = get_or_404(Project.objects, "project", project_id)
        body = self.body("project")
        project.name = text(body.get("name"), "project/name", max_length=64) or project.name
        project.description = body.get("description", project.description) or ""
        if (enabled := boolean(body.get("enabled"), "enabled")) is not None:
            project.enabled = enabled
        save_unique(project, "project", f"name {project.name} at domain ID {project.domain_id}")
        return Response({"project": wire.project(self.root_url, project)})

    def delete(self, request, project_id):
        self.authorize("delete_project")
        get_or_404(Project.objects, "project", project_id).delete()
        return Response(status=204)
