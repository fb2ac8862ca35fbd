"""POST /servers/{id}/remote-consoles (2.6+) and the os-getVNCConsole action (2.1-2.5), as Nova answers them."""
from urllib.parse import parse_qs, urlsplit

import pytest

from consoles import endpoints, tokens
from consoles.models import ConsoleAuthToken
from tests.conftest import APIClient
from tests.instances.factories import make_instance

URL = "/v2.1/servers/{}/remote-consoles"
ACTION = "/v2.1/servers/{}/action"
NOVNC = {"remote_console": {"protocol": "vnc", "type": "novnc"}}


@pytest.fixture
def server(db, settings):
    settings.XCOMPUTE_NOVNCPROXY_BASE_URL = "http://proxy.example:6080/vnc_lite.html"
    instance = make_instance("s1", host="hv1")
    endpoints.record(str(instance.uuid), "hv1", "10.0.0.1", 5901)
    return instance


def token_of(url: str) -> str:
    """The token inside Nova's URL: `...vnc_lite.html?path=%3Ftoken%3D<token>`."""
    (path,) = parse_qs(urlsplit(url).query)["path"]
    return parse_qs(urlsplit(path).query)["token"][0]


def test_a_member_gets_a_novnc_url_whose_token_leads_to_the_guests_vnc_server(member_api, server, settings):
    response = member_api.post(URL.format(server.uuid), NOVNC, version="2.6")
    assert response.status_code == 200, response.content
    body = response.json()["remote_console"]
    assert (body["protocol"], body["type"]) == ("vnc", "novnc")
    assert body["url"].startswith("http://proxy.example:6080/vnc_lite.html?path=%3Ftoken%3D")
    row = tokens.resolve(token_of(body["url"]))
    assert (row.instance_uuid, row.host, row.port, row.console_type) == (server.uuid, "10.0.0.1", 5901, "novnc")


def test_each_request_gets_a_new_token_that_expires_after_the_configured_ttl(admin_api, server, settings):
    settings.XCOMPUTE_CONSOLE_TOKEN_TTL = 30
    first = admin_api.post(URL.format(server.uuid), NOVNC, version="2.96").json()["remote_console"]["url"]
    second = admin_api.post(URL.format(server.uuid), NOVNC, version="2.96").json()["remote_console"]["url"]
    assert token_of(first) != token_of(second)
    row = ConsoleAuthToken.objects.order_by("id").last()
    assert 25 <= (row.expires_at - row.created_at).total_seconds() <= 31


def test_below_2_6_remote_consoles_is_not_found(member_api, server):
    assert member_api.post(URL.format(server.uuid), NOVNC, version="2.5").status_code == 404


@pytest.mark.parametrize("body, message", [
    ({"remote_console": {"protocol": "vnc", "type": "serial"}}, "Invalid console type serial"),
    ({"remote_console": {"protocol": "spice", "type": "spice-html5"}}, "Unavailable console type spice-html5."),
    ({"remote_console": {"protocol": "vnc", "type": "xvpvnc"}}, "Unavailable console type xvpvnc."),
    ({"remote_console": {"protocol": "telnet", "type": "novnc"}}, "Invalid input for field/attribute protocol."),
    ({"remote_console": {"protocol": "mks", "type": "webmks"}}, "Invalid input for field/attribute"),  # 2.8+
    ({"remote_console": {"protocol": "vnc"}}, "'type' is a required property"),
])
def test_wrong_or_unserved_protocols_and_types_are_a_400(member_api, server, body, message):
    response = member_api.post(URL.format(server.uuid), body, version="2.6")
    assert response.status_code == 400
    assert message in response.json()["badRequest"]["message"]


def test_from_2_8_mks_is_a_known_protocol_but_not_served(member_api, server):
    body = {"remote_console": {"protocol": "mks", "type": "webmks"}}
    response = member_api.post(URL.format(server.uuid), body, version="2.8")
    assert response.json() == {"badRequest": {"code": 400, "message": "Unavailable console type webmks."}}


@pytest.mark.parametrize("fields", [
    {"vm_state": "building", "task_state": "spawning"}, {"vm_state": "stopped"}, {"host": None},
    {"task_state": "deleting"}, {"host": "hv2"},  # moved: the endpoint it has is the old host's
])
def test_an_instance_without_a_running_guest_on_its_host_is_a_409(member_api, server, fields):
    type(server).objects.filter(pk=server.pk).update(**fields)
    response = member_api.post(URL.format(server.uuid), NOVNC, version="2.6")
    assert response.json() == {"conflictingRequest": {"code": 409, "message": f"Instance {server.uuid} is not ready"}}


def test_an_active_instance_whose_endpoint_was_not_reported_is_a_409(member_api, db):
    instance = make_instance("s2", host="hv1")
    assert member_api.post(URL.format(instance.uuid), NOVNC, version="2.6").status_code == 409


def test_another_projects_server_is_not_found_and_a_reader_is_forbidden(server, reader_api):
    other = APIClient("carol:project-b")
    assert other.post(URL.format(server.uuid), NOVNC, version="2.6").status_code == 404
    response = reader_api.post(URL.format(server.uuid), NOVNC, version="2.6")
    assert response.status_code == 403
    assert "os_compute_api:os-remote-consoles" in response.json()["forbidden"]["message"]
    assert not ConsoleAuthToken.objects.exists()


def test_the_legacy_action_returns_a_console_below_2_6_and_is_gone_from_2_6(member_api, server):
    body = {"os-getVNCConsole": {"type": "novnc"}}
    response = member_api.post(ACTION.format(server.uuid), body)
    assert response.status_code == 200, response.content
    console = response.json()["console"]
    assert console["type"] == "novnc" and tokens.resolve(token_of(console["url"])).port == 5901
    assert member_api.post(ACTION.format(server.uuid), body, version="2.6").status_code == 404


@pytest.mark.parametrize("body, status, message", [
    ({"os-getVNCConsole": {"type": "spice-html5"}}, 400, "Invalid input for field/attribute type."),
    ({"os-getVNCConsole": {}}, 400, "'type' is a required property"),
    ({"os-getVNCConsole": {"type": "xvpvnc"}}, 400, "Unavailable console type xvpvnc."),
    ({"os-noSuchAction": {}}, 400, "There is no such action: os-noSuchAction"),
])
def test_the_legacy_action_refuses_bad_bodies(member_api, server, body, status, message):
    response = member_api.post(ACTION.format(server.uuid), body, version="2.5")
    assert response.status_code == status
    assert message in response.json()["badRequest"]["message"]
