"""Request bodies of the console APIs (Nova's schemas)."""

PROTOCOLS = ["vnc", "spice", "rdp", "serial"]
TYPES = ["novnc", "xvpvnc", "rdp-html5", "spice-html5", "serial"]


def remote_console(version) -> dict:
    """POST /servers/{id}/remote-consoles; 2.8 adds the `mks` protocol and its `webmks` type."""
    with_mks = version >= "2.8"
    return {
        "type": "object",
        "properties": {"remote_console": {
            "type": "object",
            "properties": {
                "protocol": {"type": "string", "enum": PROTOCOLS + (["mks"] if with_mks else [])},
                "type": {"type": "string", "enum": TYPES + (["webmks"] if with_mks else [])},
            },
            "required": ["protocol", "type"],
            "additionalProperties": False,
        }},
        "required": ["remote_console"],
        "additionalProperties": False,
    }


GET_VNC_CONSOLE = {
    "type": "object",
    "properties": {"os-getVNCConsole": {
        "type": "object",
        "properties": {"type": {"type": "string", "enum": ["novnc", "xvpvnc"]}},
        "required": ["type"],
        "additionalProperties": False,
    }},
    "required": ["os-getVNCConsole"],
    "additionalProperties": False,
}
