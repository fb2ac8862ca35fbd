"""GET /limits: absolute limits and usage of the caller's project (another's for admins), per microversion."""
import pytest

from server_groups.models import ServerGroup
from tests.instances.factories import make_flavor, make_instance

COMMON = {"maxServerMeta", "maxTotalCores", "maxTotalInstances", "maxTotalKeypairs", "maxTotalRAMSize",
          "maxServerGroups", "maxServerGroupMembers", "totalCoresUsed", "totalInstancesUsed", "totalRAMUsed",
          "totalServerGroupsUsed"}
NETWORK = {"maxSecurityGroupRules", "maxSecurityGroups", "maxTotalFloatingIps", "totalSecurityGroupsUsed",
           "totalFloatingIpsUsed"}
PERSONALITY = {"maxPersonality", "maxPersonalitySize"}


def limits(response) -> dict:
    assert response.status_code == 200, response.content
    body = response.json()["limits"]
    assert body["rate"] == []
    return body["absolute"]


@pytest.mark.parametrize(("version", "names"), [
    ("2.1", COMMON | NETWORK | PERSONALITY | {"maxImageMeta"}),
    ("2.36", COMMON | PERSONALITY | {"maxImageMeta"}),
    ("2.39", COMMON | PERSONALITY),
    ("2.57", COMMON),
])
def test_each_microversion_shows_its_absolute_limits(member_api, version, names):
    assert set(limits(member_api.get("/v2.1/limits", version=version))) == names


def test_limits_are_the_projects_with_what_it_uses(member_api, admin_api):
    make_instance("a", flavor=make_flavor("q", "q", 2, 1024, 1))
    make_instance("elsewhere", project_id="project-b")
    ServerGroup.objects.create(name="g", policy="affinity", project_id="project-a", user_id="alice")
    admin_api.put("/v2.1/os-quota-sets/project-a", {"quota_set": {"instances": 4, "key_pairs": 7}})
    absolute = limits(member_api.get("/v2.1/limits"))
    assert absolute["maxTotalInstances"] == 4 and absolute["maxTotalKeypairs"] == 7
    assert (absolute["totalInstancesUsed"], absolute["totalCoresUsed"], absolute["totalRAMUsed"]) == (1, 2, 1024)
    assert absolute["totalServerGroupsUsed"] == 1 and absolute["maxTotalRAMSize"] == 51200
    assert absolute["maxTotalFloatingIps"] == -1 and absolute["totalFloatingIpsUsed"] == 0
    assert absolute["maxPersonality"] == 5 and absolute["maxImageMeta"] == absolute["maxServerMeta"] == 128


def test_only_admins_ask_for_another_projects_limits(member_api, admin_api):
    make_instance("a")
    assert limits(admin_api.get("/v2.1/limits?tenant_id=project-a"))["totalInstancesUsed"] == 1
    assert limits(admin_api.get("/v2.1/limits"))["totalInstancesUsed"] == 0
    response = member_api.get("/v2.1/limits?tenant_id=project-b")
    assert response.status_code == 403


def test_from_2_75_unknown_query_parameters_are_refused(member_api):
    assert member_api.get("/v2.1/limits?foo=1", version="2.74").status_code == 200
    assert member_api.get("/v2.1/limits?foo=1", version="2.75").status_code == 400
