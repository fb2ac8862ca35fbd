"""Tenancy across the Compute API: another project's resources are not found (404, as Nova answers),
and a reader lists and shows but changes nothing (403)."""
import pytest

from server_groups.models import ServerGroup
from tests.conftest import APIClient
from tests.instances.factories import make_instance

pytestmark = pytest.mark.django_db
VERSION = "2.96"


@pytest.fixture
def project_a():
    """A server (with an action) and a server group of project-a, and alice's key pair."""
    server = make_instance("web", project_id="project-a", user_id="alice", host="hv1", node="hv1")
    group = ServerGroup.objects.create(name="g", project_id="project-a", user_id="alice", policy="anti-affinity")
    alice = APIClient("alice:project-a")
    created = alice.post("/v2.1/os-keypairs", {"keypair": {"name": "k1", "public_key": PUBLIC_KEY}}, version=VERSION)
    assert created.status_code == 201, created.content
    return {"server": str(server.uuid), "group": str(group.uuid)}


PUBLIC_KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFx0KwS+Jd4Mu2zeIfS4fNGJP2YDlFSuqLbWQq7Q0e8N "
              "alice@example")


def test_another_projects_resources_are_not_found(project_a, other_project_api):
    server, group = project_a["server"], project_a["group"]
    for path in (f"/v2.1/servers/{server}", f"/v2.1/servers/{server}/os-instance-actions",
                 f"/v2.1/servers/{server}/metadata", f"/v2.1/servers/{server}/os-interface",
                 f"/v2.1/os-server-groups/{group}", "/v2.1/os-keypairs/k1"):
        assert other_project_api.get(path, version=VERSION).status_code == 404, path
    console = other_project_api.post(f"/v2.1/servers/{server}/remote-consoles",
                                     {"remote_console": {"protocol": "vnc", "type": "novnc"}}, version=VERSION)
    assert console.status_code == 404
    stop = other_project_api.post(f"/v2.1/servers/{server}/action", {"os-stop": None}, version=VERSION)
    assert stop.status_code == 404
    assert other_project_api.delete(f"/v2.1/servers/{server}", version=VERSION).status_code == 404
    assert other_project_api.get("/v2.1/servers", version=VERSION).json()["servers"] == []
    # all_tenants is an admin's (Nova's get_all_tenants rule): a member asking for it is refused
    assert other_project_api.get("/v2.1/servers?all_tenants=1", version=VERSION).status_code == 403
    assert other_project_api.get("/v2.1/os-server-groups", version=VERSION).json()["server_groups"] == []


def test_a_reader_lists_and_shows_but_changes_nothing(project_a, reader_api):
    server, group = project_a["server"], project_a["group"]
    assert reader_api.get(f"/v2.1/servers/{server}", version=VERSION).status_code == 200
    assert reader_api.get("/v2.1/servers/detail", version=VERSION).status_code == 200
    assert reader_api.get(f"/v2.1/servers/{server}/os-instance-actions", version=VERSION).status_code == 200
    assert reader_api.get(f"/v2.1/os-server-groups/{group}", version=VERSION).status_code == 200
    refused = [
        reader_api.put(f"/v2.1/servers/{server}", {"server": {"name": "x"}}, version=VERSION),
        reader_api.delete(f"/v2.1/servers/{server}", version=VERSION),
        reader_api.post(f"/v2.1/servers/{server}/action", {"os-stop": None}, version=VERSION),
        reader_api.put(f"/v2.1/servers/{server}/metadata/k", {"meta": {"k": "v"}}, version=VERSION),
        reader_api.post(f"/v2.1/servers/{server}/remote-consoles",
                        {"remote_console": {"protocol": "vnc", "type": "novnc"}}, version=VERSION),
        reader_api.delete(f"/v2.1/os-server-groups/{group}", version=VERSION),
        reader_api.post("/v2.1/os-server-groups", {"server_group": {"name": "g2", "policy": "affinity"}},
                        version=VERSION),
    ]
    assert [response.status_code for response in refused] == [403] * len(refused)


def test_an_admin_sees_every_project_with_all_tenants(project_a, admin_api):
    listed = admin_api.get("/v2.1/servers?all_tenants=1", version=VERSION).json()["servers"]
    assert [server["id"] for server in listed] == [project_a["server"]]
    assert admin_api.get("/v2.1/servers", version=VERSION).json()["servers"] == []  # without it, its own
