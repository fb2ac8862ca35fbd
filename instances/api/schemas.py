"""Request schemas of servers, metadata and tags (Nova's), assembled per microversion from one table."""
import copy

from instances.services.listing import IGNORED_SORT_KEYS, SORT_KEYS
from openstack_api.microversions import Versioned, pick
from openstack_api.validation import multi_params

NAME = {"type": "string", "minLength": 1, "maxLength": 255}
DESCRIPTION = {"type": ["string", "null"], "minLength": 0, "maxLength": 255}
COUNT = {"type": ["integer", "string"], "pattern": "^[0-9]*$", "minimum": 1, "minLength": 1}
TAG = {"type": "string", "minLength": 1, "maxLength": 60, "pattern": "^[^,/]*$"}
METADATA = {
    "type": "object",
    "patternProperties": {"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": "string", "maxLength": 255}},
    "additionalProperties": False,
}
UUID = {"type": "string", "format": "uuid"}
NETWORK = {
    "type": "object",
    "properties": {"fixed_ip": {"type": "string"}, "port": {"type": ["string", "null"], "format": "uuid"},
                   "uuid": {"type": "string"}, "tag": {"type": "string", "maxLength": 60}},
    "additionalProperties": False,
}
BDM_V2 = {"type": "array", "items": {"type": "object"}}
NETWORKS_LIST = {"type": "array", "items": NETWORK}
NETWORKS_V237 = {"oneOf": [NETWORKS_LIST, {"type": "string", "enum": ["none", "auto"]}]}
HOST_LIST = {"oneOf": [UUID, {"type": "array", "items": UUID}]}
SCHEDULER_HINTS = {
    "type": "object",
    "properties": {"group": UUID, "different_host": HOST_LIST, "same_host": HOST_LIST,
                   "query": {"type": ["string", "object"]}, "target_cell": {"type": "string"},
                   "build_near_host_ip": {"type": "string"}, "cidr": {"type": "string"}},
    "additionalProperties": True,
}

# Properties of `server` in POST /servers: (name, schema) in the versions that accept them.
SERVER_CREATE_PROPERTIES = [
    Versioned(("name", NAME)),
    Versioned(("imageRef", {"type": "string"})),
    Versioned(("flavorRef", {"type": ["string", "integer"], "minLength": 1})),
    Versioned(("adminPass", {"type": "string"})),
    Versioned(("metadata", METADATA)),
    Versioned(("networks", NETWORKS_LIST), max_version="2.36"),
    Versioned(("networks", NETWORKS_V237), min_version="2.37"),
    Versioned(("OS-DCF:diskConfig", {"type": "string", "enum": ["AUTO", "MANUAL"]})),
    Versioned(("accessIPv4", {"type": "string"})),
    Versioned(("accessIPv6", {"type": "string"})),
    Versioned(("personality", {"type": "array"}), max_version="2.56"),
    Versioned(("availability_zone", {"type": "string", "minLength": 1, "maxLength": 255})),
    Versioned(("block_device_mapping_v2", BDM_V2)),
    Versioned(("config_drive", {"type": ["boolean", "string", "null"]})),
    Versioned(("key_name", {"type": "string", "minLength": 1, "maxLength": 255})),
    Versioned(("min_count", COUNT)),
    Versioned(("max_count", COUNT)),
    Versioned(("return_reservation_id", {"type": ["boolean", "string"]})),
    Versioned(("security_groups", {"type": "array", "items": {"type": "object"}})),
    Versioned(("user_data", {"type": "string", "format": "base64", "maxLength": 65535})),
    Versioned(("description", DESCRIPTION), min_version="2.19"),
    Versioned(("tags", {"type": "array", "items": TAG, "maxItems": 50}), min_version="2.52"),
    Versioned(("host", {"type": "string", "minLength": 1, "maxLength": 255}), min_version="2.74"),
    Versioned(("hypervisor_hostname", {"type": "string", "minLength": 1, "maxLength": 255}), min_version="2.74"),
]


def create_schema(version) -> dict:
    server = {
        "type": "object",
        "properties": dict(pick(SERVER_CREATE_PROPERTIES, version)),
        "required": ["name", "flavorRef", "imageRef"] + (["networks"] if version >= "2.37" else []),
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"server": server, "os:scheduler_hints": SCHEDULER_HINTS,
                       "OS-SCH-HNT:scheduler_hints": SCHEDULER_HINTS},
        "required": ["server"],
        "additionalProperties": False,
    }


SERVER_UPDATE_PROPERTIES = [
    Versioned(("name", NAME)),
    Versioned(("OS-DCF:diskConfig", {"type": "string", "enum": ["AUTO", "MANUAL"]})),
    Versioned(("accessIPv4", {"type": "string"})),
    Versioned(("accessIPv6", {"type": "string"})),
    Versioned(("description", DESCRIPTION), min_version="2.19"),
]


def update_schema(version) -> dict:
    server = {"type": "object", "properties": dict(pick(SERVER_UPDATE_PROPERTIES, version)),
              "additionalProperties": False}
    return {"type": "object", "properties": {"server": server}, "required": ["server"], "additionalProperties": False}


METADATA_BODY = {"type": "object", "properties": {"metadata": METADATA}, "required": ["metadata"],
                 "additionalProperties": False}
_ONE_ITEM = copy.deepcopy(METADATA)
_ONE_ITEM.update(minProperties=1, maxProperties=1)
METADATA_ITEM_BODY = {"type": "object", "properties": {"meta": _ONE_ITEM}, "required": ["meta"],
                      "additionalProperties": False}
TAGS_BODY = {"type": "object", "properties": {"tags": {"type": "array", "items": TAG, "maxItems": 50}},
             "required": ["tags"], "additionalProperties": False}

_STRING = multi_params({"type": "string"})
# GET /servers and /servers/detail: unknown parameters are ignored, as Nova ignores them.
LIST_QUERY = {
    "type": "object",
    "properties": {
        "limit": multi_params({"type": "string", "pattern": "^[0-9]+$"}),
        "marker": _STRING,
        "sort_key": multi_params({"type": "string", "enum": [*SORT_KEYS, *IGNORED_SORT_KEYS]}),
        "sort_dir": multi_params({"type": "string", "enum": ["asc", "desc"]}),
        "changes-since": multi_params({"type": "string", "format": "date-time"}),
        "changes-before": multi_params({"type": "string", "format": "date-time"}),
        "tags": _STRING, "tags-any": _STRING, "not-tags": _STRING, "not-tags-any": _STRING,
    },
    "additionalProperties": True,
}
ACTIONS_QUERY = {
    "type": "object",
    "properties": {
        "limit": multi_params({"type": "string", "pattern": "^[0-9]+$"}),
        "marker": _STRING,
        "changes-since": multi_params({"type": "string", "format": "date-time"}),
        "changes-before": multi_params({"type": "string", "format": "date-time"}),
    },
    "additionalProperties": False,
}
