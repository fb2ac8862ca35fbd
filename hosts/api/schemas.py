"""Request-body schemas of os-services, per microversion range (Nova's)."""
from openstack_api.validation import BOOLEAN

_NAME = {"type": "string", "minLength": 1, "maxLength": 255}
_REASON = {"type": "string", "minLength": 1, "maxLength": 255}

# PUT /os-services/{enable,disable,disable-log-reason} before 2.11.
SERVICE_UPDATE = {
    "type": "object",
    "properties": {"host": _NAME, "binary": _NAME, "disabled_reason": _REASON},
    "required": ["host", "binary"],
    "additionalProperties": False,
}

# From 2.11 the legacy form also takes force-down.
SERVICE_UPDATE_V211 = {
    **SERVICE_UPDATE,
    "properties": {**SERVICE_UPDATE["properties"], "forced_down": BOOLEAN},
}

# PUT /os-services/{service_id} from 2.53.
SERVICE_UPDATE_V253 = {
    "type": "object",
    "properties": {
        "status": {"type": "string", "enum": ["enabled", "disabled"]},
        "disabled_reason": _REASON,
        "forced_down": BOOLEAN,
    },
    "additionalProperties": False,
}
