"""Request schemas of flavors, extra specs and flavor access (Nova's, per microversion range)."""
import copy

from flavors.services.listing import SORT_KEYS
from openstack_api.validation import BOOLEAN, multi_params

MAX_INT = 2147483647  # Nova's db MAX_INT
SQL_SP_FLOAT_MAX = 3.40282e38

# Integers may come as numeric strings; the view converts them and validates again for the bounds.
POSITIVE = {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 1, "maximum": MAX_INT}
NON_NEGATIVE = {**POSITIVE, "minimum": 0}
INTEGER_FIELDS = ("ram", "vcpus", "disk", "OS-FLV-EXT-DATA:ephemeral", "swap")
DESCRIPTION = {"type": ["string", "null"], "minLength": 0, "maxLength": 65535}

CREATE = {
    "type": "object",
    "properties": {
        "flavor": {
            "type": "object",
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 255},
                # No leading or trailing spaces; a number is taken as its string.
                "id": {"type": ["string", "number", "null"], "minLength": 1, "maxLength": 255,
                       "pattern": r"^(?! )[a-zA-Z0-9. _-]+(?<! )$"},
                "ram": POSITIVE,
                "vcpus": POSITIVE,
                "disk": NON_NEGATIVE,
                "OS-FLV-EXT-DATA:ephemeral": NON_NEGATIVE,
                "swap": NON_NEGATIVE,
                "rxtx_factor": {"type": ["number", "string"], "pattern": r"^[0-9]+(\.[0-9]+)?$",
                                "minimum": 0, "exclusiveMinimum": True, "maximum": SQL_SP_FLOAT_MAX},
                "os-flavor-access:is_public": BOOLEAN,
            },
            "required": ["name", "ram", "vcpus", "disk"],
            "additionalProperties": False,
        },
    },
    "required": ["flavor"],
    "additionalProperties": False,
}

# From 2.55 a flavor can carry a description.
CREATE_V255 = copy.deepcopy(CREATE)
CREATE_V255["properties"]["flavor"]["properties"]["description"] = DESCRIPTION

# PUT /flavors/{id} (2.55+): the description and nothing else.
UPDATE_V255 = {
    "type": "object",
    "properties": {
        "flavor": {
            "type": "object",
            "properties": {"description": DESCRIPTION},
            "required": ["description"],
            "additionalProperties": False,
        },
    },
    "required": ["flavor"],
    "additionalProperties": False,
}

# Extra specs: keys of Nova's metadata charset; values are strings or numbers.
_SPECS = {
    "type": "object",
    "patternProperties": {"^[a-zA-Z0-9-_:. ]{1,255}$": {"type": ["string", "number"], "maxLength": 255}},
    "additionalProperties": False,
}
EXTRA_SPECS_CREATE = {
    "type": "object",
    "properties": {"extra_specs": _SPECS},
    "required": ["extra_specs"],
    "additionalProperties": False,
}
EXTRA_SPEC_UPDATE = {**_SPECS, "minProperties": 1, "maxProperties": 1}

_TENANT = {"type": "string", "minLength": 1, "maxLength": 255}


def _tenant_action(action: str) -> dict:
    return {
        "type": "object",
        "properties": {action: {"type": "object", "properties": {"tenant": _TENANT},
                                "required": ["tenant"], "additionalProperties": False}},
        "required": [action],
        "additionalProperties": False,
    }


ADD_TENANT_ACCESS = _tenant_action("addTenantAccess")
REMOVE_TENANT_ACCESS = _tenant_action("removeTenantAccess")

# GET /flavors and /flavors/detail; unknown parameters are refused from 2.75, ignored before.
LIST_QUERY = {
    "type": "object",
    "properties": {
        "limit": multi_params({"type": "string", "pattern": "^[0-9]+$"}),
        "marker": multi_params({"type": "string"}),
        "is_public": multi_params({"type": "string"}),
        "minRam": multi_params({"type": "string"}),
        "minDisk": multi_params({"type": "string"}),
        "sort_key": multi_params({"type": "string", "enum": list(SORT_KEYS)}),
        "sort_dir": multi_params({"type": "string", "enum": ["asc", "desc"]}),
    },
    "additionalProperties": True,
}
LIST_QUERY_V275 = {**LIST_QUERY, "additionalProperties": False}
