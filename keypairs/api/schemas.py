"""Request bodies and queries of os-keypairs (Nova's), per microversion.

Names: printable, no leading or trailing whitespace, and only `_- `, digits and ASCII letters;
2.92 also allows `@` and `.` and makes `public_key` required (no more generated pairs).
"""
import string

from openstack_api.microversions import Versioned, pick
from openstack_api.validation import multi_params

TYPE_VERSION = "2.2"
USER_ID_VERSION = "2.10"
PAGING_VERSION = "2.35"
STRICT_QUERY_VERSION = "2.75"
IMPORT_ONLY_VERSION = "2.92"
SAFE_CHARACTERS = "_- " + string.digits + string.ascii_letters
SAFE_CHARACTERS_292 = "@." + SAFE_CHARACTERS

NAME = {"type": "string", "minLength": 1, "maxLength": 255}
CREATE_PROPERTIES = [
    Versioned(("name", NAME)),
    Versioned(("public_key", {"type": "string"})),
    Versioned(("type", {"type": "string", "enum": ["ssh", "x509"]}), TYPE_VERSION),
    Versioned(("user_id", {"type": "string"}), USER_ID_VERSION),
]
QUERY_PROPERTIES = [
    Versioned(("user_id", multi_params({"type": "string"})), USER_ID_VERSION),
    Versioned(("limit", multi_params({"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 0})),
              PAGING_VERSION),
    Versioned(("marker", multi_params({"type": "string"})), PAGING_VERSION),
]


def safe_characters(version) -> str:
    return SAFE_CHARACTERS_292 if version >= IMPORT_ONLY_VERSION else SAFE_CHARACTERS


def create_schema(version) -> dict:
    required = ["name", "public_key"] if version >= IMPORT_ONLY_VERSION else ["name"]
    keypair = {"type": "object", "properties": dict(pick(CREATE_PROPERTIES, version)), "required": required,
               "additionalProperties": False}
    return {"type": "object", "properties": {"keypair": keypair}, "required": ["keypair"],
            "additionalProperties": False}


def query_schema(version, paging: bool) -> dict:
    """Index takes user_id (2.10) and limit/marker (2.35); show and delete take user_id only.

    Other parameters are ignored until 2.75 and a 400 from it."""
    properties = dict(pick(QUERY_PROPERTIES, version))
    if not paging:
        properties = {name: value for name, value in properties.items() if name == "user_id"}
    return {"type": "object", "properties": properties, "additionalProperties": version < STRICT_QUERY_VERSION}
