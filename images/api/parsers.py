"""The JSON-patch media type Glance takes for image updates; the body itself is plain JSON."""
from rest_framework.parsers import JSONParser

PATCH_MEDIA_TYPE = "application/openstack-images-v2.1-json-patch"


class ImagePatchParser(JSONParser):
    media_type = PATCH_MEDIA_TYPE
