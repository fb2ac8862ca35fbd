"""Quotas on a cloud of simulated hosts: 20 concurrent creates against a quota of 10 leave exactly 10,
a limit lowered between the API's check and the chain's fails the build, and the unmodified
`openstack` CLI sets and shows quotas and limits and meets the quota on a third server.

Every process is real (Placement, two compute APIs, two conductors, the scheduler, simulated hosts).
"""
import json
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import yaml

from instances.models import Instance
from quotas.limits import set_project
from tests.e2e.conftest import start_api, wait_until
from tests.e2e.test_simulated_hosts import SLOW, VERSION, sim_cloud  # noqa: F401 (a fixture)

pytestmark = pytest.mark.e2e
PROJECT = "project-q"
MEMBER = f"dana:{PROJECT}"


def post_server(api_url, image, token=MEMBER, **fields):
    body = {"server": {"name": "q", "flavorRef": "1", "imageRef": str(image.id), "networks": "none", **fields}}
    return requests.post(f"{api_url}/v2.1/servers", json=body, timeout=60,
                         headers={"X-Auth-Token": token, "OpenStack-API-Version": f"compute {VERSION}"})


def settled(uuids):
    rows = list(Instance.objects.filter(uuid__in=uuids))
    return len(rows) == len(uuids) and all(row.vm_state in ("active", "error") for row in rows) and rows


@pytest.fixture
def racing_apis(processes, node_env):
    """Two compute APIs of ten threads each, warmed up (the first requests import the create path)."""
    node_env["XCOMPUTE_API_THREADS"] = "10"
    urls = [start_api(processes, node_env, "compute", name) for name in ("nova-api", "nova-api-2")]
    for url in urls:
        for _ in range(3):
            requests.post(f"{url}/v2.1/servers", json={"server": {}}, timeout=60, headers={"X-Auth-Token": MEMBER})
    return urls


def test_twenty_concurrent_creates_against_a_quota_of_ten_leave_exactly_ten_active_servers(
        racing_apis, sim_cloud, processes, node_env):  # noqa: F811
    # Two conductors too, so the chain's rechecks race as well.
    processes.start("nova-conductor-2", processes.running["nova-conductor"].args, node_env)
    set_project(PROJECT, {"instances": 10})
    answers, start = [], threading.Barrier(20)

    def post(url):
        start.wait()
        answers.append(post_server(url, sim_cloud["image"]))

    threads = [threading.Thread(target=post, args=(url,)) for url in racing_apis * 10]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted = [a.json()["server"]["id"] for a in answers if a.status_code == 202]
    refused = [a.json()["forbidden"]["message"] for a in answers if a.status_code == 403]
    assert (len(accepted), len(refused)) == (10, 10), [a.text for a in answers if a.status_code not in (202, 403)]
    assert set(refused) == {"Quota exceeded for instances: Requested 1, but already used 10 of 10 instances"}
    rows = wait_until(lambda: settled(accepted), timeout=SLOW * 2, interval=1, what="ten servers to settle")
    assert {row.vm_state for row in rows} == {"active"}, [row.vm_state for row in rows]
    assert Instance.objects.filter(project_id=PROJECT).count() == 10


def test_a_limit_lowered_before_the_chain_runs_fails_the_build_with_a_quota_fault(
        placement_url, compute_api, sim_cloud, processes, node_env):  # noqa: F811
    conductor_args = processes.running["nova-conductor"].args
    processes.stop("nova-conductor")  # the chain's first step waits on the conductor's queue
    response = post_server(compute_api, sim_cloud["image"])
    assert response.status_code == 202
    set_project(PROJECT, {"instances": 0})  # as an admin's forced update would
    processes.start("nova-conductor", conductor_args, node_env)
    [row] = wait_until(lambda: settled([response.json()["server"]["id"]]), timeout=SLOW, what="the server to settle")
    assert row.vm_state == "error"
    assert row.faults.get().message == "Quota exceeded for instances: Requested 1, but already used 0 of 0 instances"


class IdentityStub(BaseHTTPRequestHandler):
    """Stands in for the identity service until it lands: python-openstackclient rescopes the
    development token (`v3token`: the same token back, with a catalog of compute and image only, so the
    CLI asks no volume or network service) and finds projects by id (every project exists)."""

    def do_GET(self):
        match = re.search(r"/projects/([^/?]+)$", self.path)
        if self.path.rstrip("/").endswith("/v3"):  # version discovery
            body = {"version": {"id": "v3.14", "status": "stable", "media-types": [],
                                "links": [{"rel": "self", "href": f"{self.server.url}/"}]}}
        elif match:
            body = {"project": {"id": match.group(1), "name": match.group(1), "domain_id": "default",
                                "enabled": True}}
        else:
            body = {"projects": []}
        self.answer(200, body)

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        token = request["auth"]["identity"]["token"]["id"]
        user, project, *roles = token.split(":")
        domain = {"id": "default", "name": "Default"}
        endpoints = {"compute": self.server.compute_url, "image": self.server.image_url, "identity": self.server.url}
        catalog = [{"type": kind, "id": kind, "name": kind, "endpoints": [
            {"id": kind, "interface": "public", "region": "RegionOne", "region_id": "RegionOne", "url": url}]}
            for kind, url in endpoints.items()]
        body = {"token": {"methods": ["token"], "expires_at": "2099-01-01T00:00:00.000000Z",
                          "issued_at": "2026-01-01T00:00:00.000000Z", "audit_ids": ["stub"],
                          "user": {"id": user, "name": user, "domain": domain},
                          "project": {"id": project, "name": project, "domain": domain},
                          "roles": [{"id": role, "name": role} for role in (roles or ["member"])],
                          "catalog": catalog}}
        self.answer(201, body, {"X-Subject-Token": token})

    def answer(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", "Content-Length": str(len(data)),
                            **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def identity(compute_api, image_api_url):
    server = ThreadingHTTPServer(("127.0.0.1", 0), IdentityStub)
    server.url = f"http://127.0.0.1:{server.server_address[1]}/v3"
    server.compute_url, server.image_url = f"{compute_api}/v2.1", image_api_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()


def cli(tmp_path: Path, identity_url: str, token: str):
    """`run(*args) -> CompletedProcess`: the unmodified `openstack`, authenticated as `token` (`user:project`)."""
    project = token.split(":")[1]
    cloud = {"auth_type": "v3token", "auth": {"auth_url": identity_url, "token": token, "project_id": project},
             "region_name": "RegionOne", "identity_api_version": "3"}
    path = tmp_path / f"clouds-{token.split(':')[0]}.yaml"
    path.write_text(yaml.safe_dump({"clouds": {"xcompute": cloud}}))
    openstack = str(Path(sys.executable).parent / "openstack")

    def run(*args):
        return subprocess.run([openstack, "--os-cloud", "xcompute", *args], capture_output=True, text=True,
                              env={"OS_CLIENT_CONFIG_FILE": str(path), "PATH": "/usr/bin:/bin"}, timeout=120)

    return run


def ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_openstack_cli_sets_and_shows_quotas_and_limits_and_a_third_server_is_refused(
        placement_url, compute_api, sim_cloud, identity, tmp_path):  # noqa: F811
    admin = cli(tmp_path, identity, "admin:admin:admin")
    member = cli(tmp_path, identity, MEMBER)

    ok(admin("quota", "set", "--instances", "2", PROJECT))
    shown = {row["Resource"]: row["Limit"] for row in json.loads(ok(admin("quota", "show", PROJECT, "-f", "json")))}
    assert shown["instances"] == 2 and shown["cores"] == 20 and shown["ram"] == 51200

    image = str(sim_cloud["image"].id)
    for name in ("one", "two"):
        ok(member("server", "create", "--flavor", "m1.tiny", "--image", image, "--nic", "none", name))
    third = member("server", "create", "--flavor", "m1.tiny", "--image", image, "--nic", "none", "three")
    assert third.returncode != 0
    assert "Quota exceeded for instances: Requested 1, but already used 2 of 2 instances" in third.stderr
    assert "ForbiddenException: 403" in third.stderr

    limits = {row["Name"]: row["Value"] for row in json.loads(ok(member("limits", "show", "--absolute", "-f", "json")))}
    # openstacksdk names Nova's maxTotalInstances `instances`, totalInstancesUsed `instances_used`...
    assert limits["instances"] == 2 and limits["instances_used"] == 2
    assert limits["total_cores"] == 20 and limits["total_cores_used"] == 2 and limits["keypairs"] == 100
