"""The quota resources Nova knows, their configured defaults, and which microversions show them.

Nova keeps the nova-network quotas (fixed_ips, floating_ips, security_groups, security_group_rules)
as absolute resources with no configured default (-1) so its responses keep their shape; 2.36
drops them from os-quota-sets and /limits, 2.50 from os-quota-class-sets (which gains the server
group quotas there), and 2.57 drops the personality (injected file) quotas everywhere.
"""
from django.conf import settings

from openstack_api.microversions import Versioned

DEFAULT_CLASS = "default"
NETWORK = ("fixed_ips", "floating_ips", "security_group_rules", "security_groups")
INJECTED = ("injected_file_content_bytes", "injected_file_path_bytes", "injected_files")
COMMON = ("cores", "instances", "key_pairs", "metadata_items", "ram")
SERVER_GROUPS = ("server_group_members", "server_groups")
# Per-user resources: Nova never counts them for a project (always 0 in use, no minimum on update).
PER_USER = ("key_pairs", "server_group_members")

QUOTA_SET = [
    *(Versioned(name) for name in (*COMMON, *SERVER_GROUPS)),
    *(Versioned(name, max_version="2.35") for name in NETWORK),
    *(Versioned(name, max_version="2.56") for name in INJECTED),
]
QUOTA_CLASS_SET = [
    *(Versioned(name) for name in COMMON),
    *(Versioned(name, min_version="2.50") for name in SERVER_GROUPS),
    *(Versioned(name, max_version="2.49") for name in NETWORK),
    *(Versioned(name, max_version="2.56") for name in INJECTED),
]


def names() -> tuple[str, ...]:
    return (*COMMON, *SERVER_GROUPS, *NETWORK, *INJECTED)


def configured() -> dict[str, int]:
    """The settings' defaults (-1 is unlimited), before any quota class row."""
    return {
        "instances": settings.XCOMPUTE_QUOTA_INSTANCES,
        "cores": settings.XCOMPUTE_QUOTA_CORES,
        "ram": settings.XCOMPUTE_QUOTA_RAM,
        "metadata_items": settings.XCOMPUTE_QUOTA_METADATA_ITEMS,
        # Key pairs arrive with their own app and setting; until then Nova's default.
        "key_pairs": getattr(settings, "XCOMPUTE_QUOTA_KEY_PAIRS", 100),
        "server_groups": settings.XCOMPUTE_QUOTA_SERVER_GROUPS,
        "server_group_members": settings.XCOMPUTE_QUOTA_SERVER_GROUP_MEMBERS,
        # Personality files are not accepted at all; these are Nova's defaults, shown as Nova shows them.
        "injected_files": 5,
        "injected_file_content_bytes": 10240,
        "injected_file_path_bytes": 255,
        **dict.fromkeys(NETWORK, -1),
    }
