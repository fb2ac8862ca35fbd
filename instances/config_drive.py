"""What the conductor tells a host to put on an instance's config drive (hostagent.virt.types.ConfigDrive).

The agent has no database, so the instance's identity, metadata, key and user data travel in the
instance spec; the host only writes them out. An instance gets a drive when it asked for one or
has a key pair or user data: there is no metadata service, so the drive is how the guest gets them.
A NIC on a bridged (flat) network gets the instance a drive too: no DHCP of ours answers there, so
the drive's network_data.json (which the host writes from the instance's NICs) is how it learns its
address.
"""
from instances.models import Instance
from instances.networking import bridged

X509_PREFIX = "-----BEGIN CERTIFICATE-----"


def spec(instance: Instance) -> dict | None:
    """hostagent.virt.types.ConfigDrive as a dict, or None when the instance has no config drive."""
    if not (instance.config_drive or instance.key_data or instance.user_data or bridged(instance.network_info)):
        return None
    keys = []
    if instance.key_name and instance.key_data:
        key_type = "x509" if instance.key_data.startswith(X509_PREFIX) else "ssh"
        keys.append({"name": instance.key_name, "type": key_type, "data": instance.key_data})
    return {"uuid": str(instance.uuid), "name": instance.display_name, "hostname": instance.hostname,
            "project_id": instance.project_id, "availability_zone": instance.availability_zone,
            "launch_index": instance.launch_index, "meta": dict(instance.metadata.values_list("key", "value")),
            "keys": keys, "user_data": instance.user_data or ""}
