"""Glance's image and member JSON schemas: served at /v2/schemas/* and used to validate writes.

Clients read them: python-openstackclient and glanceclient treat any attribute the image schema
does not list as an extra property, whose values are strings.
"""
import copy

from images.choices import CONTAINER_FORMATS, DISK_FORMATS, MemberStatus, Status, Visibility

UUID_PATTERN = "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$"
NULLABLE_STRING = ["null", "string"]


def _read_only(kind, description, **extra) -> dict:
    return {"type": kind, "readOnly": True, "description": description, **extra}


IMAGE_PROPERTIES = {
    "id": {"type": "string", "pattern": UUID_PATTERN, "description": "An identifier for the image"},
    "name": {"type": NULLABLE_STRING, "maxLength": 255, "description": "Descriptive name for the image"},
    "status": _read_only("string", "Status of the image", enum=list(Status.values)),
    "visibility": {"type": "string", "enum": list(Visibility.values), "description": "Scope of image accessibility"},
    "protected": {"type": "boolean", "description": "If true, image will not be deletable."},
    "os_hidden": {"type": "boolean", "description": "If true, image will not appear in default image list response."},
    "checksum": _read_only(NULLABLE_STRING, "md5 hash of image contents.", maxLength=32),
    "os_hash_algo": _read_only(NULLABLE_STRING, "Algorithm to calculate the os_hash_value", maxLength=64),
    "os_hash_value": _read_only(NULLABLE_STRING, "Hexdigest of the image contents using the algorithm "
                                "specified by the os_hash_algo", maxLength=128),
    "owner": {"type": NULLABLE_STRING, "maxLength": 255, "description": "Owner of the image"},
    "size": _read_only(["null", "integer"], "Size of image file in bytes"),
    "virtual_size": _read_only(["null", "integer"], "Virtual size of image in bytes"),
    "container_format": {"type": NULLABLE_STRING, "enum": [None, *CONTAINER_FORMATS],
                         "description": "Format of the container"},
    "disk_format": {"type": NULLABLE_STRING, "enum": [None, *DISK_FORMATS], "description": "Format of the disk"},
    "created_at": _read_only("string", "Date and time of image registration"),
    "updated_at": _read_only("string", "Date and time of the last image modification"),
    "tags": {"type": "array", "items": {"type": "string", "maxLength": 255},
             "description": "List of strings related to the image"},
    "direct_url": _read_only("string", "URL to access the image file kept in external store"),
    "min_ram": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1,
                "description": "Amount of ram (in MB) required to boot image."},
    "min_disk": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1,
                 "description": "Amount of disk space (in GB) required to boot image."},
    "self": _read_only("string", "An image self url"),
    "file": _read_only("string", "An image file url"),
    "schema": _read_only("string", "An image schema url"),
    # Well-known extra properties: not base attributes, but typed for clients.
    "kernel_id": {"type": NULLABLE_STRING, "pattern": UUID_PATTERN, "is_base": False,
                  "description": "ID of image stored in Glance that should be used as the kernel when "
                                 "booting an AMI-style image."},
    "ramdisk_id": {"type": NULLABLE_STRING, "pattern": UUID_PATTERN, "is_base": False,
                   "description": "ID of image stored in Glance that should be used as the ramdisk when "
                                  "booting an AMI-style image."},
    "os_distro": {"type": "string", "is_base": False, "description": "Common name of operating system distribution"},
    "os_version": {"type": "string", "is_base": False, "description": "Operating system version"},
    "architecture": {"type": "string", "is_base": False, "description": "Operating system architecture"},
    "instance_uuid": {"type": "string", "is_base": False,
                      "description": "Metadata which can be used to record which instance this image is "
                                     "associated with."},
}

# Columns of the image row; everything else a client sends is an extra property.
BASE_ATTRIBUTES = frozenset(name for name, spec in IMAGE_PROPERTIES.items() if spec.get("is_base", True))
READ_ONLY = frozenset(name for name, spec in IMAGE_PROPERTIES.items() if spec.get("readOnly")) | {"stores"}
RESERVED = frozenset({"location", "locations", "deleted", "deleted_at"})

IMAGE_SCHEMA = {
    "name": "image",
    "properties": IMAGE_PROPERTIES,
    "additionalProperties": {"type": "string"},
    "links": [{"href": "{self}", "rel": "self"}, {"href": "{file}", "rel": "enclosure"},
              {"href": "{schema}", "rel": "describedby"}],
}

MEMBER_SCHEMA = {
    "name": "member",
    "properties": {
        "created_at": {"type": "string", "description": "Date and time of image member creation"},
        "image_id": {"type": "string", "pattern": UUID_PATTERN, "description": "An identifier for the image"},
        "member_id": {"type": "string", "description": "An identifier for the image member (tenantId)"},
        "schema": {"type": "string", "readOnly": True},
        "status": {"type": "string", "enum": list(MemberStatus.values),
                   "description": "The status of this image member"},
        "updated_at": {"type": "string", "description": "Date and time of last modification of image member"},
    },
}


def images_schema() -> dict:
    return {
        "name": "images",
        "properties": {
            "images": {"type": "array", "items": copy.deepcopy(IMAGE_SCHEMA)},
            "schema": {"type": "string"},
            "first": {"type": "string"},
            "next": {"type": "string"},
        },
        "links": [{"rel": "first", "href": "{first}"}, {"rel": "next", "href": "{next}"},
                  {"rel": "describedby", "href": "{schema}"}],
    }


def members_schema() -> dict:
    return {
        "name": "members",
        "properties": {"members": {"type": "array", "items": copy.deepcopy(MEMBER_SCHEMA)},
                       "schema": {"type": "string"}},
        "links": [{"rel": "describedby", "href": "{schema}"}],
    }
