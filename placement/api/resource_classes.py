"""/resource_classes and /resource_classes/{name} (from 1.2).

PUT renames a custom class from 1.2 to 1.6; from 1.7 it creates the class (201) or confirms that
it exists (204), with no body either way.
"""
from rest_framework import status
from rest_framework.response import Response

from openstack_api.views import PlacementAPIView
from placement.api.schemas import resource_classes as schemas
from placement.api.schemas import wire
from placement.policies import authorize
from placement.services import resource_classes as services


def _href(request, resource_class) -> str:
    return wire.href(request, "resource_classes", resource_class.name)


def render(request, resource_class) -> dict:
    return {"name": resource_class.name, "links": [{"rel": "self", "href": _href(request, resource_class)}]}


def _location(request, resource_class) -> dict:
    return {"Location": request.build_absolute_uri(_href(request, resource_class))}


class ResourceClassListView(wire.Introduced, PlacementAPIView):
    introduced_in = "1.2"

    def get(self, request):
        authorize(self.context, "placement:resource_classes:list")
        classes = list(services.catalogue())
        self.last_modified = wire.newest(classes)
        return Response({"resource_classes": [render(request, resource_class) for resource_class in classes]})

    def post(self, request):
        authorize(self.context, "placement:resource_classes:create")
        body = wire.json_body(request, schemas.RESOURCE_CLASS)
        resource_class = services.create(body["name"])
        return Response(status=status.HTTP_201_CREATED, headers=_location(request, resource_class))


class ResourceClassDetailView(wire.Introduced, PlacementAPIView):
    introduced_in = "1.2"

    def get(self, request, name):
        authorize(self.context, "placement:resource_classes:show")
        resource_class = services.get(name)
        self.last_modified = resource_class.updated_at
        return Response(render(request, resource_class))

    def put(self, request, name):
        authorize(self.context, "placement:resource_classes:update")
        if request.version >= "1.7":
            return self._ensure(request, name)
        body = wire.json_body(request, schemas.RESOURCE_CLASS)
        return Response(render(request, services.rename(name, body["name"])))

    def delete(self, request, name):
        authorize(self.context, "placement:resource_classes:delete")
        services.delete(name)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _ensure(self, request, name):
        wire.check({"name": name}, schemas.RESOURCE_CLASS)
        resource_class, created = services.ensure(name)
        code = status.HTTP_201_CREATED if created else status.HTTP_204_NO_CONTENT
        return Response(status=code, headers=_location(request, resource_class))
