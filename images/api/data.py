"""/v2/images/{id}/file: the image data, streamed both ways and never held in memory whole."""
from django.http import FileResponse, HttpResponse
from rest_framework import status
from rest_framework.response import Response

from images.exceptions import UnsupportedMediaType
from images.services import data
from openstack_api.views import ImageAPIView

UPLOAD_MEDIA_TYPE = "application/octet-stream"


def body_stream(request):
    """The request body as a file object and its length (None when sent with chunked encoding).

    Django gives a body without Content-Length as empty, so a chunked body is read straight from
    the WSGI input, which the server (gunicorn) de-chunks and ends at the last chunk.
    """
    django_request = request._request
    length = django_request.META.get("CONTENT_LENGTH")
    if length:
        return django_request, int(length)
    return django_request.META["wsgi.input"], None


class ImageDataView(ImageAPIView):
    # The body is read by the service from the stream; DRF must never parse (and so buffer) it.
    parser_classes = []

    def put(self, request, image_id):
        if request.content_type.split(";")[0].strip() != UPLOAD_MEDIA_TYPE:
            raise UnsupportedMediaType(f"Unsupported Content-Type {request.content_type!r}: "
                                       f"image data must be sent as {UPLOAD_MEDIA_TYPE}")
        stream, length = body_stream(request)
        data.upload(self.context, image_id, stream, length)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def get(self, request, image_id):
        image, stream = data.open_data(self.context, image_id)
        if stream is None:
            return HttpResponse(status=status.HTTP_204_NO_CONTENT)
        response = FileResponse(stream, content_type=UPLOAD_MEDIA_TYPE)
        # Glance sends the md5 hex digest here (not RFC 1864's base64), and clients compare it so.
        response["Content-MD5"] = image.checksum
        return response
