"""/v2/images: create, list, show, update (JSON patch), delete, actions and tags."""
from urllib.parse import urlencode

from rest_framework import status
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.response import Response

from images.api.parsers import PATCH_MEDIA_TYPE, ImagePatchParser
from images.api.wire import image_body
from images.exceptions import NotFound
from images.services import listing, records
from images.services.access import enforce, get_visible
from openstack_api.views import ImageAPIView


class ImageListView(ImageAPIView):
    def get(self, request):
        page = listing.image_page(self.context, request.query_params)
        body = {"images": [image_body(image) for image in page.images], "schema": "/v2/schemas/images"}
        # `first` repeats the query without its marker; `next` adds the last image of a full page.
        params = [(key, value) for key, values in request.query_params.lists() if key != "marker" for value in values]
        body["first"] = "/v2/images" + (f"?{urlencode(params)}" if params else "")
        if page.next_marker:
            body["next"] = "/v2/images?" + urlencode([*params, ("marker", page.next_marker)])
        return Response(body)

    def post(self, request):
        image = records.create(self.context, request.data)
        return Response(image_body(image), status=status.HTTP_201_CREATED,
                        headers={"Location": request.build_absolute_uri(f"/v2/images/{image.id}")})


class ImageDetailView(ImageAPIView):
    parser_classes = [ImagePatchParser]

    def get(self, request, image_id):
        image = get_visible(self.context, image_id)
        enforce(self.context, "get_image", image)
        return Response(image_body(image))

    def patch(self, request, image_id):
        if request.content_type.split(";")[0].strip() != PATCH_MEDIA_TYPE:
            raise UnsupportedMediaType(request.content_type)
        image = records.update(self.context, image_id, request.data)
        return Response(image_body(image))

    def delete(self, request, image_id):
        records.delete(self.context, image_id)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response.status_code == status.HTTP_415_UNSUPPORTED_MEDIA_TYPE:
            response["Accept-Patch"] = PATCH_MEDIA_TYPE  # tells clients which patch format to use
        return response


class ImageActionView(ImageAPIView):
    ACTIONS = {"deactivate": records.deactivate, "reactivate": records.reactivate}

    def post(self, request, image_id, action):
        if action not in self.ACTIONS:
            raise NotFound("The resource could not be found.")
        self.ACTIONS[action](self.context, image_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ImageTagView(ImageAPIView):
    def put(self, request, image_id, tag):
        records.add_tag(self.context, image_id, tag)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def delete(self, request, image_id, tag):
        records.remove_tag(self.context, image_id, tag)
        return Response(status=status.HTTP_204_NO_CONTENT)
