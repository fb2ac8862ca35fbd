"""The instance page's Console button: a POST that sends the browser to a noVNC URL the consoles app accepts."""
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from consoles import endpoints, tokens
from consoles.models import ConsoleAuthToken
from tests.dashboard.conftest import PASSWORD
from tests.instances.factories import make_instance

PROXY = "http://proxy.example:6080/vnc_lite.html"


@pytest.fixture
def running(db, settings):
    """An ACTIVE instance on hv1 whose VNC endpoint the host has reported."""
    settings.XCOMPUTE_NOVNCPROXY_BASE_URL = PROXY
    instance = make_instance("web", host="hv1")
    endpoints.record(str(instance.uuid), "hv1", "10.0.0.1", 5901)
    return instance


def console(client, instance):
    return client.post(f"/instances/instance/{instance.pk}/console/")


def token_of(url: str) -> str:
    (path,) = parse_qs(urlsplit(url).query)["path"]
    return parse_qs(urlsplit(path).query)["token"][0]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_instance_page_has_a_console_button_posting_into_a_new_tab(operator, running):
    page = operator.get(f"/instances/instance/{running.pk}/change/").content.decode()
    start = page.index('id="console-form"')
    form = page[page.rindex("<form", 0, start):page.index("</form>", start)]
    assert f'action="/instances/instance/{running.pk}/console/"' in form and 'target="_blank"' in form
    assert 'method="post"' in form and 'name="csrfmiddlewaretoken"' in form


def test_the_button_redirects_to_a_novnc_url_whose_token_the_consoles_app_accepts(operator, running):
    response = console(operator, running)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{PROXY}?path=%3Ftoken%3D")
    row = tokens.resolve(token_of(response["Location"]))
    assert (row.instance_uuid, row.compute_host, row.host, row.port) == (running.uuid, "hv1", "10.0.0.1", 5901)


@pytest.mark.parametrize("fields", [{"vm_state": "stopped"}, {"vm_state": "building", "task_state": "spawning"},
                                    {"host": "hv2"}])  # moved: no endpoint reported from its new host
def test_an_instance_without_a_running_console_is_refused_back_on_its_page(operator, running, fields):
    type(running).objects.filter(pk=running.pk).update(**fields)
    response = console(operator, running)
    assert response["Location"] == f"/instances/instance/{running.pk}/change/"
    assert messages_of(response) == [f"No console for web (409: Instance {running.uuid} is not ready)."]
    assert not ConsoleAuthToken.objects.exists()
    assert "is not ready" in operator.get(response["Location"]).content.decode()


def test_a_get_issues_no_token(operator, running):
    assert operator.get(f"/instances/instance/{running.pk}/console/").status_code == 405
    assert not ConsoleAuthToken.objects.exists()


def test_an_unknown_or_deleted_instance_is_not_found(operator, running):
    type(running).objects.filter(pk=running.pk).update(vm_state="deleted", deleted_at=running.created_at)
    assert console(operator, running).status_code == 404
    assert operator.post("/instances/instance/999999/console/").status_code == 404


def test_a_console_is_refused_without_signing_in_or_without_the_csrf_token(identity_users, running):
    assert console(Client(), running)["Location"].startswith("/login/")
    client = Client(enforce_csrf_checks=True)
    token = client.get("/login/").cookies["csrftoken"].value
    client.post("/login/", {"username": "ops", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert console(client, running).status_code == 403
    assert not ConsoleAuthToken.objects.exists()
