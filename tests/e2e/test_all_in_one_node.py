"""Every program of the all-in-one node, started with the very commands supervisord runs, comes up."""
import shlex
import sys

import pytest
import requests

from hosts.choices import Binary
from node.supervisor import programs
from tests.e2e.conftest import free_port, wait_until
from tests.e2e.test_service_registry import states

pytestmark = pytest.mark.e2e


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).ok
    except requests.ConnectionError:
        return False


def test_all_six_binaries_of_the_node_come_up(processes, node_env, host_name, monkeypatch):
    ports = {"XCOMPUTE_COMPUTE_PORT": free_port(), "XCOMPUTE_PLACEMENT_PORT": free_port(),
             "XCOMPUTE_NOVNCPROXY_PORT": free_port(), "XCOMPUTE_IMAGE_PORT": free_port(),
             "XCOMPUTE_DASHBOARD_PORT": free_port()}
    env = {**node_env, **{key: str(value) for key, value in ports.items()}, "XCOMPUTE_API_WORKERS": "1",
           "XCOMPUTE_LIBVIRT_URI": "test:///default"}
    for key, value in ports.items():
        monkeypatch.setenv(key, str(value))
    for binary, (command, extra_env) in programs(sys.executable).items():
        processes.start(binary, shlex.split(command), {**env, **extra_env})

    wait_until(lambda: states(host_name) == dict.fromkeys(Binary.values, "up"), timeout=90,
               what="all six binaries to report up")
    compute = requests.get(f"http://127.0.0.1:{ports['XCOMPUTE_COMPUTE_PORT']}/", timeout=5)
    placement = requests.get(f"http://127.0.0.1:{ports['XCOMPUTE_PLACEMENT_PORT']}/", timeout=5)
    assert compute.json()["versions"][0]["id"] == "v2.1"
    assert placement.json()["versions"][0]["id"] == "v1.0"
    image = requests.get(f"http://127.0.0.1:{ports['XCOMPUTE_IMAGE_PORT']}/healthcheck", timeout=5)
    assert (image.status_code, image.text) == (200, "OK")
    dashboard = f"http://127.0.0.1:{ports['XCOMPUTE_DASHBOARD_PORT']}"
    wait_until(lambda: answers(f"{dashboard}/healthcheck"), timeout=30, what="the dashboard")
    assert "Xloud Compute" in requests.get(f"{dashboard}/login/", timeout=5).text
    assert requests.get(f"{dashboard}/static/admin/css/base.css", timeout=5).status_code == 200
