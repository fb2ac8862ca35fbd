"""Request schemas of os-quota-sets, os-quota-class-sets and limits, per microversion (Nova's)."""
from openstack_api.microversions import pick
from openstack_api.validation import BOOLEAN, multi_params
from quotas import resources

# Nova's common_quota: an integer (or a string of one), -1 meaning unlimited, at most the database's int.
QUOTA_VALUE = {"type": ["integer", "string"], "pattern": "^-?[0-9]+$", "minimum": -1, "maximum": 0x7FFFFFFF}
NETWORKS_VERSION = "2.36"  # until 2.35 `networks` is accepted, then refused (it was nova-network only)
CLASS_NETWORKS_VERSION = "2.50"
STRICT_QUERY_VERSION = "2.75"  # unknown query parameters are a 400 from here


def _body(key: str, names, *, force: bool = False, networks: bool = False) -> dict:
    properties = dict.fromkeys(names, QUOTA_VALUE)
    if networks:
        properties["networks"] = QUOTA_VALUE
    if force:
        properties["force"] = BOOLEAN
    return {"type": "object", "properties": {key: {"type": "object", "properties": properties,
                                                   "additionalProperties": False}},
            "required": [key], "additionalProperties": False}


def quota_set_update(version) -> dict:
    """Every resource the version shows, and `force`; the nova-network ones (and `networks`) until 2.35."""
    return _body("quota_set", pick(resources.QUOTA_SET, version), force=True,
                 networks=version < NETWORKS_VERSION)


def quota_class_set_update(version) -> dict:
    """Before 2.50 every quota_set resource is accepted (the server group ones only stored, not shown)."""
    if version < CLASS_NETWORKS_VERSION:
        names = [*pick(resources.QUOTA_CLASS_SET, version), *resources.SERVER_GROUPS]
        return _body("quota_class_set", names, networks=True)
    return _body("quota_class_set", pick(resources.QUOTA_CLASS_SET, version))


def _query(names, version) -> dict:
    return {"type": "object", "properties": {name: multi_params({"type": "string"}) for name in names},
            "additionalProperties": version < STRICT_QUERY_VERSION}


def quota_set_query(version) -> dict:
    return _query(["user_id"], version)


def limits_query(version) -> dict:
    return _query(["tenant_id"], version)
