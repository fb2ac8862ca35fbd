"""Ports and public URLs of this node's services, from the environment."""
from xcompute_site.env import env


def ports() -> dict:
    return {
        "identity": env.int("XCOMPUTE_IDENTITY_PORT", default=5000),
        "compute": env.int("XCOMPUTE_COMPUTE_PORT", default=8774),
        "placement": env.int("XCOMPUTE_PLACEMENT_PORT", default=8778),
        "image": env.int("XCOMPUTE_IMAGE_PORT", default=9292),
        "network": env.int("XCOMPUTE_NETWORK_PORT", default=9696),
        "novncproxy": env.int("XCOMPUTE_NOVNCPROXY_PORT", default=6080),
        "dashboard": env.int("XCOMPUTE_DASHBOARD_PORT", default=8000),
    }


def public_urls() -> dict:
    host = env.str("XCOMPUTE_PUBLIC_HOST", default="127.0.0.1")
    port = ports()
    return {
        # Unversioned, as Keystone's catalog entry: keystoneauth discovers /v3 from the root document.
        "identity": f"http://{host}:{port['identity']}",
        "compute": f"http://{host}:{port['compute']}/v2.1",
        "placement": f"http://{host}:{port['placement']}",
        # Unversioned, as Glance's catalog entry: clients discover /v2 from the versions document.
        "image": f"http://{host}:{port['image']}",
        # Unversioned too: clients add /v2.0 themselves.
        "network": f"http://{host}:{port['network']}",
        "console proxy": f"http://{host}:{port['novncproxy']}",
        "dashboard": f"http://{host}:{port['dashboard']}/",
    }
