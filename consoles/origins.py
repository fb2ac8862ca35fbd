"""The proxy's Origin check (Nova's): a browser page may open a console only from an allowed origin.

A WebSocket is not bound by the same-origin policy, so without this check any web page a user
visits could open the console of a URL it learned. Allowed are the proxy's own host (the host the
browser reached it at) and the hosts in XCOMPUTE_CONSOLE_ALLOWED_ORIGINS (Nova's
`[console] allowed_origins`); the scheme must be http(s). Clients that send no Origin (not
browsers) are not refused, as in Nova.
"""
from urllib.parse import urlsplit


def host_of(host_header: str) -> str:
    """The host name of a `Host` header, without the port (`[::1]:6080` -> `::1`)."""
    return urlsplit(f"//{host_header}").hostname or ""


def refusal(origin: str | None, host_header: str | None, allowed: list[str]) -> str | None:
    """Why a connection from `origin` is refused, or None when it may go ahead."""
    if not origin:
        return None
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"origin {origin!r} is not an http(s) origin"
    accepted = {host_of(host_header or "")} | {_name(entry) for entry in allowed}
    if parts.hostname not in accepted:
        return f"origin {origin!r} is not allowed"
    return None


def _name(entry: str) -> str:
    """An allowed origin as configured: a bare host name, or a whole origin (`https://horizon.example`)."""
    return (urlsplit(entry).hostname if "://" in entry else entry).lower()
