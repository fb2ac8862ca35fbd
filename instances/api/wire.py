"""How servers are rendered, per microversion and per what the caller may see.

Every versioned field is declared once in `DETAIL_FIELDS` (a `Versioned` table) with the group
that decides whether this caller and this response get it; `detail()` picks from the table.
"""
import datetime
import hashlib
from dataclasses import dataclass, field

from flavors.services import to_embedded
from instances import networking
from instances import status as statuses
from instances.services import host_status as host_statuses
from instances.services import metadata as metadata_service
from instances.services import tags as tags_service
from openstack_api.microversions import APIVersion, Versioned, pick

# Groups of fields: BASE always; EXTENDED is left out of PUT responses before 2.75; ADMIN needs
# os-extended-server-attributes; NON_ADMIN is for callers without it; HOST_STATUS needs its policy;
# SHOW only in single-server bodies.
BASE, EXTENDED, ADMIN, NON_ADMIN, HOST_STATUS, SHOW = "base", "extended", "admin", "non-admin", "host", "show"


@dataclass(frozen=True)
class Rendering:
    """What decides a server body besides the row: version, links root, and what policy shows."""

    version: APIVersion
    root_url: str
    extended_attributes: bool = False  # os_compute_api:os-extended-server-attributes
    host_status: str | None = None  # "all", "unknown-only" or None
    flavor_extra_specs: bool = False
    fault_details: bool = False  # admins see the details of 500 faults
    host_statuses: dict = field(default_factory=dict)
    groups: frozenset = frozenset({BASE, EXTENDED, SHOW})

    def wants(self, group: str) -> bool:
        if group == ADMIN:
            return self.extended_attributes and EXTENDED in self.groups
        if group == NON_ADMIN:
            return not self.extended_attributes
        if group == HOST_STATUS:
            return self.host_status is not None and EXTENDED in self.groups
        return group in self.groups


def isotime(moment) -> str | None:
    """Nova's utils.isotime: seconds precision, `Z`."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def naive_time(moment) -> str | None:
    """Nova's rendering of naive UTC datetimes (oslo's to_primitive): microseconds, no zone."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") if moment else None


def host_id(host, project_id) -> str:
    """Nova's generate_hostid: sha224 of project id and host, so tenants can tell co-located servers apart."""
    return hashlib.sha224((str(project_id) + host).encode("utf-8")).hexdigest() if host else ""


def links(instance, r: Rendering) -> list[dict]:
    return [{"rel": "self", "href": f"{r.root_url}/v2.1/servers/{instance.uuid}"},
            {"rel": "bookmark", "href": f"{r.root_url}/servers/{instance.uuid}"}]


def image(instance, r: Rendering):
    if not instance.image_ref:
        return ""
    return {"id": instance.image_ref, "links": [{"rel": "bookmark", "href": f"{r.root_url}/images/{instance.image_ref}"}]}


def flavor(instance, r: Rendering) -> dict:
    return to_embedded(instance.flavor, r.version, include_extra_specs=r.flavor_extra_specs, base_url=r.root_url)


def host_status(instance, r: Rendering) -> str:
    value = r.host_statuses.get(instance.host, host_statuses.UNKNOWN) if instance.host else host_statuses.NONE
    return value


def _fault(instance, r: Rendering) -> dict | None:
    fault = next(iter(instance.faults.all()), None)
    if fault is None:
        return None
    body = {"code": fault.code, "created": isotime(fault.created_at), "message": fault.message}
    if fault.details and (r.fault_details or fault.code != 500):
        body["details"] = fault.details
    return body


def _attr(name):
    return lambda instance, r: getattr(instance, name)


DETAIL_FIELDS = [Versioned(entry[:3], *entry[3:]) for entry in [
    ("id", BASE, lambda i, r: str(i.uuid)),
    ("name", BASE, _attr("display_name")),
    ("status", BASE, lambda i, r: statuses.status_of(i.vm_state, i.task_state)),
    ("tenant_id", BASE, _attr("project_id")),
    ("user_id", BASE, _attr("user_id")),
    ("metadata", BASE, lambda i, r: metadata_service.of(i)),
    ("hostId", BASE, lambda i, r: host_id(i.host, i.project_id)),
    ("image", BASE, image),
    ("flavor", BASE, flavor),
    ("created", BASE, lambda i, r: isotime(i.created_at)),
    ("updated", BASE, lambda i, r: isotime(i.updated_at)),
    ("addresses", BASE, lambda i, r: networking.addresses(i.network_info)),
    ("accessIPv4", BASE, lambda i, r: ""),
    ("accessIPv6", BASE, lambda i, r: ""),
    ("links", BASE, links),
    ("OS-DCF:diskConfig", BASE, lambda i, r: "MANUAL"),
    ("locked", BASE, _attr("locked"), "2.9"),
    ("locked_reason", BASE, _attr("locked_reason"), "2.73"),
    ("description", BASE, _attr("description"), "2.19"),
    ("tags", BASE, lambda i, r: tags_service.of(i), "2.26"),
    ("trusted_image_certificates", BASE, lambda i, r: None, "2.63"),
    ("OS-EXT-SRV-ATTR:hostname", NON_ADMIN, _attr("hostname"), "2.90"),
    ("config_drive", EXTENDED, _attr("config_drive")),
    ("OS-EXT-AZ:availability_zone", EXTENDED, lambda i, r: i.availability_zone or ""),
    ("key_name", EXTENDED, _attr("key_name")),
    ("OS-SRV-USG:launched_at", EXTENDED, lambda i, r: naive_time(i.launched_at)),
    ("OS-SRV-USG:terminated_at", EXTENDED, lambda i, r: naive_time(i.terminated_at)),
    ("OS-EXT-SRV-ATTR:host", ADMIN, _attr("host")),
    ("OS-EXT-SRV-ATTR:instance_name", ADMIN, _attr("name")),
    ("OS-EXT-SRV-ATTR:hypervisor_hostname", ADMIN, _attr("node")),
    ("OS-EXT-SRV-ATTR:reservation_id", ADMIN, _attr("reservation_id"), "2.3"),
    ("OS-EXT-SRV-ATTR:launch_index", ADMIN, _attr("launch_index"), "2.3"),
    ("OS-EXT-SRV-ATTR:hostname", ADMIN, _attr("hostname"), "2.3"),
    ("OS-EXT-SRV-ATTR:kernel_id", ADMIN, lambda i, r: "", "2.3"),
    ("OS-EXT-SRV-ATTR:ramdisk_id", ADMIN, lambda i, r: "", "2.3"),
    ("OS-EXT-SRV-ATTR:root_device_name", ADMIN, lambda i, r: None, "2.3"),
    ("OS-EXT-SRV-ATTR:user_data", ADMIN, _attr("user_data"), "2.3"),
    ("OS-EXT-STS:task_state", EXTENDED, _attr("task_state")),
    ("OS-EXT-STS:vm_state", EXTENDED, _attr("vm_state")),
    ("OS-EXT-STS:power_state", EXTENDED, _attr("power_state")),
    ("os-extended-volumes:volumes_attached", EXTENDED, lambda i, r: []),
    ("host_status", HOST_STATUS, host_status, "2.16"),
    ("server_groups", SHOW, lambda i, r: [], "2.71"),
    ("pinned_availability_zone", SHOW, lambda i, r: None, "2.96"),
]]


def detail(instance, r: Rendering) -> dict:
    """A server in /servers/detail, GET/PUT /servers/{id}."""
    body = {name: render(instance, r) for name, group, render in pick(DETAIL_FIELDS, r.version) if r.wants(group)}
    if "host_status" in body and r.host_status == "unknown-only" and body["host_status"] != host_statuses.UNKNOWN:
        del body["host_status"]
    if body["status"] in statuses.FAULT_STATUSES:
        fault = _fault(instance, r)
        if fault:
            body["fault"] = fault
    if body["status"] in statuses.PROGRESS_STATUSES:
        body["progress"] = 0
    return body


def summary(instance, r: Rendering) -> dict:
    """A server in GET /servers."""
    return {"id": str(instance.uuid), "name": instance.display_name, "links": links(instance, r)}


def created(instance, r: Rendering, security_groups, admin_pass) -> dict:
    """The 202 body of POST /servers."""
    body = {"id": str(instance.uuid), "links": links(instance, r), "OS-DCF:diskConfig": "MANUAL",
            "security_groups": security_groups}
    if admin_pass is not None:
        body["adminPass"] = admin_pass
    return {"server": body}
