"""Policy rules of servers, their metadata, tags and instance actions, with Nova's names and defaults."""
from oslo_policy.policy import RuleDefault

from openstack_api.policy import ADMIN, PROJECT_MEMBER_OR_ADMIN, PROJECT_READER_OR_ADMIN

SERVERS = "os_compute_api:servers:%s"
EXTENDED_ATTRIBUTES = "os_compute_api:os-extended-server-attributes"
METADATA = "os_compute_api:server-metadata:%s"
TAGS = "os_compute_api:os-server-tags:%s"
ACTIONS = "os_compute_api:os-instance-actions:%s"
PAUSE = "os_compute_api:os-pause-server:%s"
SUSPEND = "os_compute_api:os-suspend-server:%s"
LOCK = "os_compute_api:os-lock-server:%s"
CONSOLE_OUTPUT = "os_compute_api:os-console-output"
RESET_STATE = "os_compute_api:os-admin-actions:reset_state"
INTERFACES = "os_compute_api:os-attach-interfaces:%s"

RULES = [
    RuleDefault(INTERFACES % "list", PROJECT_READER_OR_ADMIN, "List a server's port interfaces."),
    RuleDefault(INTERFACES % "show", PROJECT_READER_OR_ADMIN, "Show a port interface of a server."),
    RuleDefault(INTERFACES % "create", PROJECT_MEMBER_OR_ADMIN, "Attach a port interface to a server."),
    RuleDefault(INTERFACES % "delete", PROJECT_MEMBER_OR_ADMIN, "Detach a port interface from a server."),
    RuleDefault(SERVERS % "index", PROJECT_READER_OR_ADMIN, "List servers."),
    RuleDefault(SERVERS % "detail", PROJECT_READER_OR_ADMIN, "List servers with details."),
    RuleDefault(SERVERS % "index:get_all_tenants", ADMIN, "List servers of every project."),
    RuleDefault(SERVERS % "detail:get_all_tenants", ADMIN, "List servers of every project, with details."),
    RuleDefault(SERVERS % "allow_all_filters", ADMIN, "Filter server lists by any attribute (host, node...)."),
    RuleDefault(SERVERS % "show", PROJECT_READER_OR_ADMIN, "Show a server."),
    RuleDefault(SERVERS % "show:host_status", ADMIN, "Show host_status in server bodies (2.16+)."),
    RuleDefault(SERVERS % "show:host_status:unknown-only", ADMIN,
                "Show host_status only when it is UNKNOWN (when show:host_status is denied)."),
    RuleDefault(SERVERS % "create", PROJECT_MEMBER_OR_ADMIN, "Create a server."),
    RuleDefault(SERVERS % "create:forced_host", ADMIN, "Create a server on a host named by az:host:node."),
    RuleDefault(SERVERS % "create:requested_destination", ADMIN,
                "Create a server on a host or node named by host/hypervisor_hostname (2.74+)."),
    RuleDefault(SERVERS % "create:zero_disk_flavor", ADMIN,
                "Boot a flavor with a zero-sized root disk from an image."),
    RuleDefault(SERVERS % "update", PROJECT_MEMBER_OR_ADMIN, "Rename or describe a server."),
    RuleDefault(SERVERS % "delete", PROJECT_MEMBER_OR_ADMIN, "Delete a server."),
    RuleDefault(EXTENDED_ATTRIBUTES, ADMIN, "Show OS-EXT-SRV-ATTR:* (host, node, instance name...)."),
    RuleDefault(METADATA % "index", PROJECT_READER_OR_ADMIN, "List a server's metadata."),
    RuleDefault(METADATA % "show", PROJECT_READER_OR_ADMIN, "Show one metadata item of a server."),
    RuleDefault(METADATA % "create", PROJECT_MEMBER_OR_ADMIN, "Add or change metadata items of a server."),
    RuleDefault(METADATA % "update", PROJECT_MEMBER_OR_ADMIN, "Set one metadata item of a server."),
    RuleDefault(METADATA % "update_all", PROJECT_MEMBER_OR_ADMIN, "Replace a server's metadata."),
    RuleDefault(METADATA % "delete", PROJECT_MEMBER_OR_ADMIN, "Delete one metadata item of a server."),
    RuleDefault(TAGS % "index", PROJECT_READER_OR_ADMIN, "List a server's tags."),
    RuleDefault(TAGS % "show", PROJECT_READER_OR_ADMIN, "Check a server's tag."),
    RuleDefault(TAGS % "update", PROJECT_MEMBER_OR_ADMIN, "Add one tag to a server."),
    RuleDefault(TAGS % "update_all", PROJECT_MEMBER_OR_ADMIN, "Replace a server's tags."),
    RuleDefault(TAGS % "delete", PROJECT_MEMBER_OR_ADMIN, "Remove one tag from a server."),
    RuleDefault(TAGS % "delete_all", PROJECT_MEMBER_OR_ADMIN, "Remove every tag of a server."),
    RuleDefault(ACTIONS % "list", PROJECT_READER_OR_ADMIN, "List a server's actions."),
    RuleDefault(ACTIONS % "show", PROJECT_READER_OR_ADMIN, "Show one action of a server."),
    RuleDefault(ACTIONS % "events", ADMIN, "See an action's events with traceback and host (all versions)."),
    RuleDefault(ACTIONS % "events:details", ADMIN, "See the details of an action's events (2.84+)."),
    # Server actions (POST /servers/{id}/action).
    RuleDefault(SERVERS % "stop", PROJECT_MEMBER_OR_ADMIN, "Stop a server (os-stop)."),
    RuleDefault(SERVERS % "start", PROJECT_MEMBER_OR_ADMIN, "Start a stopped server (os-start)."),
    RuleDefault(SERVERS % "reboot", PROJECT_MEMBER_OR_ADMIN, "Reboot a server, soft or hard."),
    RuleDefault(SERVERS % "rebuild", PROJECT_MEMBER_OR_ADMIN, "Rebuild a server from an image."),
    RuleDefault(PAUSE % "pause", PROJECT_MEMBER_OR_ADMIN, "Pause a server."),
    RuleDefault(PAUSE % "unpause", PROJECT_MEMBER_OR_ADMIN, "Unpause a paused server."),
    RuleDefault(SUSPEND % "suspend", PROJECT_MEMBER_OR_ADMIN, "Suspend a server."),
    RuleDefault(SUSPEND % "resume", PROJECT_MEMBER_OR_ADMIN, "Resume a suspended server."),
    RuleDefault(LOCK % "lock", PROJECT_MEMBER_OR_ADMIN, "Lock a server."),
    RuleDefault(LOCK % "unlock", PROJECT_MEMBER_OR_ADMIN, "Unlock a server."),
    RuleDefault(LOCK % "unlock:unlock_override", ADMIN, "Unlock a server locked by someone else (an admin)."),
    RuleDefault(CONSOLE_OUTPUT, PROJECT_MEMBER_OR_ADMIN, "Show a server's console output."),
    RuleDefault(RESET_STATE, ADMIN, "Reset a server's state to active or error (os-resetState)."),
]


def target(instance) -> dict:
    """The policy target of an instance, as Nova builds it."""
    return {"project_id": instance.project_id, "user_id": instance.user_id}
