"""How a hypervisor is rendered at each microversion: Nova's fields, each with the range it lives in.

Each table entry renders a group of fields; `render` picks the groups of the request's version.
The ComputeNode model does not record host_ip, hypervisor_version or cpu_info yet; they show as
null, null and {} (or "{}" before 2.28) until it does.
"""
import json
from dataclasses import dataclass
from datetime import datetime

from hosts import health
from hosts.hypervisor_usages import capacity
from hosts.hypervisors import Hypervisor
from openstack_api.microversions import APIVersion, Versioned, pick

UUID_IDS = "2.53"  # ids are node (and service) uuids from here
EMPTY_SERVERS = "2.75"  # from here `with_servers` always yields a `servers` list, empty or not


@dataclass(frozen=True)
class Rendering:
    version: APIVersion
    now: datetime
    with_servers: bool = False


def _legacy_id(h: Hypervisor, r: Rendering) -> dict:
    return {"id": h.node.id}


def _uuid(h: Hypervisor, r: Rendering) -> dict:
    return {"id": str(h.node.uuid)}


def _summary(h: Hypervisor, r: Rendering) -> dict:
    return {"hypervisor_hostname": h.node.hypervisor_hostname, "state": health.state(h.service, r.now),
            "status": "disabled" if h.service.disabled else "enabled"}


def _host(h: Hypervisor, r: Rendering) -> dict:
    service_id = str(h.service.uuid) if r.version >= UUID_IDS else h.service.id
    return {"hypervisor_type": h.node.hypervisor_type, "hypervisor_version": getattr(h.node, "hypervisor_version", None),
            "host_ip": getattr(h.node, "host_ip", None),
            "service": {"id": service_id, "host": h.node.host, "disabled_reason": h.service.disabled_reason}}


def _capacity(h: Hypervisor, r: Rendering) -> dict:
    return {**capacity(h.node, h.usages), "current_workload": h.load.current_workload,
            "running_vms": h.load.running_vms}


def cpu_info(node) -> dict:
    value = getattr(node, "cpu_info", None) or {}
    return json.loads(value) if isinstance(value, str) else dict(value)


def _cpu_info_text(h: Hypervisor, r: Rendering) -> dict:
    return {"cpu_info": json.dumps(cpu_info(h.node))}


def _cpu_info_object(h: Hypervisor, r: Rendering) -> dict:
    return {"cpu_info": cpu_info(h.node)}


def _uptime(h: Hypervisor, r: Rendering) -> dict:
    """Agents have no uptime call yet; Nova shows null when the driver cannot tell."""
    return {"uptime": None}


SUMMARY = [Versioned(_legacy_id, max_version="2.52"), Versioned(_uuid, UUID_IDS), Versioned(_summary)]
DETAIL = [
    Versioned(_host),
    Versioned(_capacity, max_version="2.87"),
    Versioned(_cpu_info_text, max_version="2.27"),
    Versioned(_cpu_info_object, "2.28", "2.87"),
    Versioned(_uptime, "2.88"),
]
# Whether a detailed body carries capacity, i.e. needs instance counts and Placement usages.
CAPACITY = [Versioned(True, max_version="2.87")]


def shows_capacity(version) -> bool:
    return bool(pick(CAPACITY, version))


def render(h: Hypervisor, r: Rendering, *, detail: bool) -> dict:
    body = {}
    for group in pick(SUMMARY + (DETAIL if detail else []), r.version):
        body.update(group(h, r))
    if h.servers:
        body["servers"] = [{"name": name, "uuid": uuid} for uuid, name in h.servers]
    elif r.with_servers and r.version >= EMPTY_SERVERS:
        body["servers"] = []
    return body
